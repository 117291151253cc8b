//! petsc4py's `test_log.py`, ported: user stages, classes and events, turned off and on
//! by event, by class and by stage, and an event timing a call.

use petsc::{LogClass, LogEvent, LogStage, Petsc};
use petsc_tests::Case;

/// The stages, classes and events `TestLog.setUp` registers.
struct Fixture {
    stages: [LogStage; 2],
    classes: [LogClass; 2],
    events: [LogEvent; 4],
}

fn set_up(petsc: &Petsc) -> petsc::Result<Fixture> {
    let log = petsc.log();
    let stage1 = log.stage("Stage 1")?;
    let stage2 = log.stage("Stage 2")?;
    let klass_a = log.class("Class A")?;
    let klass_b = log.class("Class B")?;
    let event1 = log.event("Event 1")?; // no class
    let event2 = log.event("Event 2")?; // no class
    let event_a = klass_a.event("Event A")?;
    let event_b = klass_b.event("Event B")?;
    Ok(Fixture {
        stages: [stage1, stage2],
        classes: [klass_a, klass_b],
        events: [event1, event2, event_a, event_b],
    })
}

fn get_name(petsc: &Petsc) -> petsc::Result<()> {
    let f = set_up(petsc)?;
    assert_eq!(f.classes[0].name(), "Class A");
    assert_eq!(f.classes[1].name(), "Class B");
    let names: Vec<&str> = f.events.iter().map(LogEvent::name).collect();
    assert_eq!(names, ["Event 1", "Event 2", "Event A", "Event B"]);
    assert_eq!(f.stages[0].name(), "Stage 1");
    assert_eq!(f.stages[1].name(), "Stage 2");
    // Found again by name, not registered twice.
    let log = petsc.log();
    assert_eq!(log.class("Class A")?.id(), f.classes[0].id());
    assert_eq!(log.event("Event A")?.id(), f.events[2].id());
    assert_eq!(log.stage("Stage 2")?.id(), f.stages[1].id());
    Ok(())
}

impl Fixture {
    /// Begins every event, then ends them in the reverse order, in `stage` if given.
    fn run_events(&self, stage: Option<&LogStage>) -> petsc::Result<()> {
        let _pushed = stage.map(LogStage::push).transpose()?;
        let mut begun = Vec::new();
        for event in &self.events {
            begun.push(event.begin()?);
        }
        while let Some(guard) = begun.pop() {
            LogEvent::end(guard);
        }
        Ok(())
    }

    fn run_stages(&self) -> petsc::Result<()> {
        for stage in &self.stages {
            self.run_events(Some(stage))?;
        }
        Ok(())
    }

    /// How many times each event ran in each stage (the main stage first).
    fn counts(&self, petsc: &Petsc) -> petsc::Result<Vec<i64>> {
        let main = petsc.log().stage("Main Stage")?;
        let mut out = Vec::new();
        for stage in std::iter::once(&main).chain(&self.stages) {
            for event in &self.events {
                out.push(event.perf_info(Some(stage))?.count);
            }
        }
        Ok(out)
    }
}

fn log_begin_end(petsc: &Petsc) -> petsc::Result<()> {
    petsc.log().begin()?;
    let f = set_up(petsc)?;
    let start = f.counts(petsc)?;
    let ran = |petsc: &Petsc, f: &Fixture| -> petsc::Result<Vec<i64>> {
        let now = f.counts(petsc)?;
        Ok(now.iter().zip(&start).map(|(a, b)| a - b).collect())
    };
    // In the main stage, then in the user stages.
    f.run_events(None)?;
    f.run_stages()?;
    assert_eq!(ran(petsc, &f)?, vec![1; 12]);
    // Events off: not logged.
    for event in &f.events {
        event.deactivate()?;
        event.set_active(false)?;
    }
    f.run_events(None)?;
    for event in &f.events {
        event.activate()?;
        event.set_active(true)?;
    }
    assert_eq!(ran(petsc, &f)?, vec![1; 12]);
    // Classes off: events A and B not logged.
    for klass in &f.classes {
        klass.deactivate()?;
        klass.set_active(false)?;
    }
    f.run_events(None)?;
    for klass in &f.classes {
        klass.activate()?;
        klass.set_active(true)?;
    }
    let mut want = vec![1; 12];
    want[0] = 2;
    want[1] = 2;
    assert_eq!(ran(petsc, &f)?, want);
    // Stages off: not logged.
    for stage in &f.stages {
        assert!(stage.active()?);
        stage.set_active(false)?;
        assert!(!stage.active()?);
    }
    f.run_stages()?;
    for stage in &f.stages {
        stage.set_active(true)?;
        assert!(stage.active()?);
    }
    assert_eq!(ran(petsc, &f)?, want);
    f.run_events(None)?;
    f.run_stages()?;
    for w in &mut want {
        *w += 1;
    }
    assert_eq!(ran(petsc, &f)?, want);
    Ok(())
}

/// petsc4py's `Log.EventDecorator` times each call of a function in an event named
/// after it: here the event times a closure.
fn log_decorator(petsc: &Petsc) -> petsc::Result<()> {
    let log = petsc.log();
    log.begin()?;
    let timed = log.event("test_log_decorator.<locals>.<lambda>")?;
    let before = timed.perf_info(None)?.count;
    timed.run(|| Ok(()))?;
    assert_eq!(timed.perf_info(None)?.count, before + 1);
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("TestLog::testGetName", get_name),
        Case::new("TestLog::testLogBeginEnd", log_begin_end),
        Case::new("TestLog::test_log_decorator", log_decorator),
    ]
}
