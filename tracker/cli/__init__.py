"""The command line: ``app`` (the typer app, the one error map, the groups), ``options``
(the options the commands share, the one ``EventFilter`` they make, the log in the
context), ``typer_compat`` (the pinned typer workaround: conversion without pydantic),
and one module per group of commands. ``tracker.cli.app:main`` is the console script."""
