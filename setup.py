# Metadata lives in pyproject.toml; this file only lets older tools call setuptools.
from setuptools import setup

setup()
