"""The flow is the run's declaration mapped onto Prefect tasks, one per stage."""

from __future__ import annotations

from governance.run.stages import STAGES


def test_every_stage_is_a_flow_task_of_the_same_name() -> None:
    from flows.govern import TASKS

    assert list(TASKS) == [stage.name for stage in STAGES]
    assert [task.name for task in TASKS.values()] == [stage.name for stage in STAGES]
    assert [s.name for s in STAGES if s.each] == ["batch", "validate"]
