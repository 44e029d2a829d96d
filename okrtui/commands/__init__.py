"""Command implementations behind `okrtui.cli`, imported only when used."""
