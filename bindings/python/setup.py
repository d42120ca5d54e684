# The C extension is built by cffi (panelsso/_build.py), which plugs into
# setuptools through setup()'s cffi_modules; everything else is in
# pyproject.toml.
from setuptools import setup

setup(cffi_modules=["panelsso/_build.py:ffibuilder"])
