"""scoplan.testing: a harness for writing and testing target kinds, ours and plugins'.

It is also a pytest plugin, registered through the ``pytest11`` entry point, so its
fixtures (``scoplan_registry``, ``scoplan_plugins``, ``dataset_builder``: see
:mod:`scoplan.testing.plugin`) are there in any test run where scoplan is installed.

- **Datasets without files**: :class:`DatasetBuilder`, :func:`district_dataset` and
  :func:`build_dataset`, checked exactly as a bureau's files are.
- **One target evaluated**: :func:`evaluate_target`, a plan of one milestone run by the
  real engine; :func:`assert_status` and :func:`assert_value` check its results and say
  what was measured when they fail.
- **Examples beside a target kind**: :class:`Example` records (data, date, expected status
  and value) that document the kind and run as tests with :func:`run_example` and
  :func:`run_examples`; kept in a TOML file, read by :func:`load_examples` or
  :func:`examples_of`.
- **The contract** every target kind must pass: :func:`check_contract`.
- **Hypothesis strategies** for valid datasets of any shape live in
  :mod:`scoplan.testing.strategies`, imported on its own, since hypothesis is a test
  extra: ``from scoplan.testing.strategies import datasets``.
"""

from __future__ import annotations

from scoplan.testing.assertions import assert_status, assert_value, describe, find_result
from scoplan.testing.builders import DatasetBuilder, build_dataset, district_dataset
from scoplan.testing.contract import (
    check_contract,
    contract_dataset,
    contract_failures,
    sample_params,
)
from scoplan.testing.evaluation import evaluate_target
from scoplan.testing.examples import (
    UNCHECKED,
    Example,
    examples_of,
    load_examples,
    run_example,
    run_examples,
)

__all__ = [
    "UNCHECKED",
    "DatasetBuilder",
    "Example",
    "assert_status",
    "assert_value",
    "build_dataset",
    "check_contract",
    "contract_dataset",
    "contract_failures",
    "describe",
    "district_dataset",
    "evaluate_target",
    "examples_of",
    "find_result",
    "load_examples",
    "run_example",
    "run_examples",
    "sample_params",
]
