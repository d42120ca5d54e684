# SPDX-License-Identifier: MIT
# The C extension is built by cffi (build_native.py), which plugs into
# setuptools through setup()'s cffi_modules; everything else is in
# pyproject.toml.
from setuptools import setup

setup(cffi_modules=["build_native.py:ffibuilder"])
