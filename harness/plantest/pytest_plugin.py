"""pytest collector for tftest.yaml files, and fixtures that share one planner per session."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.errors import HarnessError
from harness.plan import Plan
from harness.plantest import inventory
from harness.plantest import spec as specs
from harness.plantest.batch import Planner, SpecResult

SPEC_FILE = "tftest.yaml"
_PLANNER = pytest.StashKey[Planner]()


class PlanTestFailure(Exception):
    """A scenario that planned but did not match: reported as its diff, without a traceback."""


def planner_for(config: pytest.Config) -> Planner:
    if _PLANNER not in config.stash:
        config.stash[_PLANNER] = Planner.from_environment()
    return config.stash[_PLANNER]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every spec this session runs is planned on the first request, in one shared root."""
    specs = {item.spec.path: item.spec for item in items if isinstance(item, ScenarioItem)}
    planner_for(config).expect(list(specs.values()))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name == SPEC_FILE:
        return SpecFile.from_parent(parent, path=file_path)
    return None


class SpecFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        try:
            spec = specs.load(self.path)
        except HarnessError as exc:
            raise self.CollectError(exc.message) from exc
        for scenario in spec.scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, spec=spec)


class ScenarioItem(pytest.Item):
    def __init__(self, *, spec: specs.Spec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec
        self.scenario = spec.scenario(self.name)

    def runtest(self) -> None:
        result = planner_for(self.config).result(self.spec)
        if self.scenario.error is not None:
            self._check_error(result)
        else:
            self._check_inventory(result)

    def _check_inventory(self, result: SpecResult) -> None:
        name = self.scenario.name
        if name in result.failures:
            raise PlanTestFailure(result.failures[name])
        path = self.scenario.inventory
        assert path is not None
        if not path.is_file():
            raise PlanTestFailure(
                f"no inventory at {path}; write one with "
                f"`mealprep-infra plantest regen {self.spec.path} --scenario {name}`"
            )
        lines = inventory.diff(inventory.load(path), result.plans[name])
        if lines:
            raise PlanTestFailure(
                f"scenario '{name}' of {self.spec.path} does not match {path.name}:\n  " + "\n  ".join(lines)
            )

    def _check_error(self, result: SpecResult) -> None:
        expected = self.scenario.error
        assert expected is not None
        seen = result.errors.get(self.scenario.name, [])
        if not seen:
            raise PlanTestFailure(
                f"scenario '{self.scenario.name}' planned without error; expected one containing {expected!r}"
            )
        if not any(expected in text for text in seen):
            raise PlanTestFailure(
                f"scenario '{self.scenario.name}' failed, but not with {expected!r}. Errors:\n  "
                + "\n  ".join(seen)
            )

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (PlanTestFailure, HarnessError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"plan scenario: {self.name}"


@pytest.fixture(scope="session")
def planner(request: pytest.FixtureRequest) -> Planner:
    return planner_for(request.config)


@pytest.fixture(scope="session")
def spec_result(planner: Planner) -> Callable[[Path], SpecResult]:
    """The planned scenarios of a tftest.yaml, shared with (and cached like) its collected items."""

    def load(path: Path) -> SpecResult:
        return planner.result(specs.load(path))

    return load


@pytest.fixture(scope="session")
def plan_summary(planner: Planner) -> Callable[..., Plan]:
    """Plan one module with the given tfvars and return its plan, scoped to the module."""

    def plan(
        module: Path, tfvars: dict[str, Any] | None = None, providers: dict[str, str] | None = None
    ) -> Plan:
        scenario = specs.Scenario(name="adhoc", tfvars=dict(tfvars or {}))
        spec = specs.Spec(
            path=Path(module).resolve() / "adhoc-tftest.yaml",
            module=Path(module).resolve(),
            providers=dict(providers or {}),
            scenarios=(scenario,),
        )
        result = planner.result(spec)
        if "adhoc" in result.failures:
            raise HarnessError(result.failures["adhoc"], exit_code=1)
        return result.plans["adhoc"]

    return plan
