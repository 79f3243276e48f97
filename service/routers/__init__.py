"""Thin routes (STYLE.md 4): declare the response, call one service function, return."""
