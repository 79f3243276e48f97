"""The rules of the five seeds as pure functions over `schemas` models: no I/O, no HTTP, no database."""
