//! How long generation takes and how it grows: the generator in process on
//! spec/ (against loading the spec alone), the whole `xtask generate`
//! process (against the same binary starting and exiting without work), and
//! synthetic specs 5×, 20× and 50× the size of spec/, each generated in a
//! child process of its own so each size reports its own peak memory, and a
//! synthetic spec of about 500 operations written the way Zendesk's published
//! description is (allOf with union members, alias paths, redundant
//! `type: object`, unions beside `additionalProperties`, stray keywords), against
//! the same spec at 50 operations; and Zendesk's whole published Support API
//! (`../shared/reference/zendesk-support.oas.yaml`, 495 operations), timed and
//! measured in a child process against loading the same file.
//!
//! Run with `bash tests/benches/run.sh`, or `cargo bench -p zendesk-users-tests --bench generation`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{heading, measure, parse_report, ratio, run_child, time_once, verdict, Timing};
use serde_json::{Map, Value};
use zendesk_users_codegen::{emit, generate, load, lower, validate, Settings};

const IN_PROCESS_TARGET_MS: f64 = 50.0;
const TWENTY_TIMES_TARGET_MS: f64 = 1000.0;
const SCALES: [usize; 4] = [1, 5, 20, 50];
const ZENDESK_SHAPED_TARGET_MS: f64 = 500.0;
const ZENDESK_SHAPED_TARGET_MIB: f64 = 64.0;
/// Resources of the Zendesk-shaped spec, five operations each: 10 is the baseline, 100 the target size.
const ZENDESK_SHAPED_RESOURCES: [usize; 3] = [10, 50, 100];

fn main() {
    if let Some(arguments) = common::child_arguments() {
        if arguments.first().map(String::as_str) == Some("stages") {
            stage_memory_child(&arguments[1..]);
        } else {
            scale_child(&arguments);
        }
        return;
    }
    // `cargo bench --bench generation -- zendesk-shaped` runs that section alone.
    if std::env::args().any(|argument| argument == "zendesk-shaped") {
        zendesk_shaped();
        return;
    }
    // `cargo bench --bench generation -- support` runs the Support API section alone.
    if std::env::args().any(|argument| argument == "support") {
        support_api();
        return;
    }
    let spec = common::spec_text();
    in_process(&spec);
    whole_process();
    scaling(&spec);
    zendesk_shaped();
    support_api();
}

/// Zendesk's published description of the whole Support API.
const SUPPORT_API: &str = "../shared/reference/zendesk-support.oas.yaml";

/// Zendesk's whole Support API, generated in a child process (time, VmHWM), against
/// loading the same file (text → openapiv3) in that child; the peak after each stage
/// comes from a second, fresh child. Skipped, saying so, without `../shared`.
fn support_api() {
    heading("generation of Zendesk's whole Support API (../shared/reference/zendesk-support.oas.yaml)");
    let path = common::workspace_root().join(SUPPORT_API);
    if !path.exists() {
        println!("  SKIPPED: {} is absent on this machine", path.display());
        return;
    }
    let report = run_child(&[path.display().to_string(), "5".to_string()]);
    let value = parse_report(report.trim());
    let size_kib = std::fs::metadata(&path)
        .map(|metadata| metadata.len() / 1024)
        .unwrap_or(0);
    println!(
        "  spec: {size_kib} KiB, {:.0} operations, {:.0} types, {:.0} warnings",
        value("operations"),
        value("types"),
        value("warnings")
    );
    println!(
        "  baseline  load only (parse into openapiv3)  median {:8.2} ms",
        value("load_ms")
    );
    println!(
        "  generate  all stages, formatted             median {:8.2} ms  min {:8.2} ms  = {} load  ({:.0} µs / operation)",
        value("generate_ms"),
        value("generate_min_ms"),
        ratio(value("generate_ms"), value("load_ms")),
        value("generate_ms") * 1e3 / value("operations")
    );
    let stages = run_child(&["stages".to_string(), path.display().to_string()]);
    let stage = parse_report(stages.trim());
    println!(
        "  peak memory (MiB, VmHWM): {:.1} after generating 5× in the timing child; one run in a fresh child: text {:.1}, load {:.1}, validate + lower {:.1}, emit {:.1}, format {:.1} = {} the text's",
        value("peak_mib"),
        stage("text"),
        stage("load"),
        stage("lower"),
        stage("emit"),
        stage("format"),
        ratio(stage("format"), stage("text"))
    );
    println!(
        "  (progenitor is not measured here: it is not a dependency of this workspace, and building it for a bench is not cheap)"
    );
}

/// Generation of spec/ in this process, against loading it (text → openapiv3).
fn in_process(spec: &str) {
    heading("generation in process: spec/zendesk-users.yaml → formatted files");
    let settings = Settings::default();
    let generated = generate(spec, &settings).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let output_bytes: usize = generated.files.iter().map(|file| file.contents.len()).sum();
    println!(
        "  spec: {} KiB, {} operations, {} types → {} files, {} KiB",
        spec.len() / 1024,
        generated.operations,
        generated.types,
        generated.files.len(),
        output_bytes / 1024
    );
    let loading = measure(3, 30, || load::load(spec).unwrap_or_else(|_| panic!("spec/ loads")));
    let generation = measure(3, 30, || {
        generate(spec, &settings).unwrap_or_else(|_| panic!("spec/ generates"))
    });
    println!(
        "  baseline  load only (parse into openapiv3)  median {:7.2} ms  min {:7.2} ms",
        loading.median_ms(),
        loading.min_ms()
    );
    println!(
        "  generate  all stages, formatted             median {:7.2} ms  min {:7.2} ms  = {} load   target < {IN_PROCESS_TARGET_MS} ms: {}",
        generation.median_ms(),
        generation.min_ms(),
        ratio(generation.median_ms(), loading.median_ms()),
        verdict(generation.median_ms() < IN_PROCESS_TARGET_MS)
    );
    stage_breakdown(spec, &settings);
}

/// Where the in-process time goes: each stage of `generate` timed on its own
/// (the same calls `generate` makes), median of 30 runs after 3 warm-ups.
fn stage_breakdown(spec: &str, settings: &Settings) {
    const STAGES: [&str; 5] = [
        "load (text → openapiv3)",
        "validate",
        "lower (→ IR)",
        "emit (IR → tokens)",
        "format (syn, prettyplease, API list)",
    ];
    let mut samples: [Vec<Duration>; 5] = Default::default();
    let runs = if spec.len() > 200_000 { 8 } else { 33 };
    for run in 0..runs {
        let (load_time, loaded) = time_once(|| load::load(spec).unwrap_or_else(|_| panic!("the spec loads")));
        let (validate_time, problems) = time_once(|| validate::validate(&loaded.api));
        assert!(!problems.iter().any(|problem| problem.is_error()), "the spec validates");
        let (lower_time, (api, problems)) = time_once(|| lower::lower(&loaded));
        assert!(!problems.iter().any(|problem| problem.is_error()), "the spec lowers");
        let (emit_time, outputs) = time_once(|| emit::emit(&api, settings));
        let (format_time, _) = time_once(|| {
            zendesk_users_codegen::finish_files(outputs, &settings.spec_name).expect("emitted code formats")
        });
        if run >= 3 {
            let times = [load_time, validate_time, lower_time, emit_time, format_time];
            for (stage_samples, time) in samples.iter_mut().zip(times) {
                stage_samples.push(time);
            }
        }
    }
    let medians = samples.map(|stage_samples| Timing::from_samples(stage_samples).median_ms());
    let total: f64 = medians.iter().sum();
    println!("  stages (each timed alone; medians):");
    for (stage, median) in STAGES.iter().zip(medians) {
        println!("    {stage:<38} {median:7.2} ms  {:4.0} %", median / total * 100.0);
    }
}

/// The built `xtask generate` binary as a subprocess, writing into a scratch
/// directory (never generated/), against the same binary refusing its arguments.
fn whole_process() {
    heading("generation as a process: target/release/xtask generate --out <tmp>");
    let Some(xtask) = built_xtask() else {
        println!("  skipped: target/release/xtask is not built (cargo build --release -p xtask)");
        return;
    };
    let out = common::scratch_dir("xtask").join("generated");
    let out_text = out.display().to_string();
    // The first run writes the crate; the timed runs read spec/, generate and
    // compare with what is there, as `cargo xtask generate` does on an
    // up-to-date tree.
    assert!(
        run_quietly(&xtask, &["generate", "--out", &out_text]),
        "xtask generate failed"
    );
    let startup = measure(2, 20, || run_quietly(&xtask, &["--no-such-command"]));
    let process = measure(2, 20, || {
        assert!(run_quietly(&xtask, &["generate", "--out", &out_text]))
    });
    println!(
        "  baseline  xtask start + exit, no work       median {:7.2} ms  min {:7.2} ms",
        startup.median_ms(),
        startup.min_ms()
    );
    println!(
        "  process   xtask generate (read, generate, compare)  median {:7.2} ms  min {:7.2} ms  = {} start-up",
        process.median_ms(),
        process.min_ms(),
        ratio(process.median_ms(), startup.median_ms())
    );
    let _ = std::fs::remove_dir_all(out.parent().unwrap_or(&out));
}

fn built_xtask() -> Option<PathBuf> {
    // The bench runs as target/release/deps/generation-<hash>; xtask sits in target/release.
    let executable = std::env::current_exe().ok()?;
    let profile_dir = executable.parent()?.parent()?;
    let xtask = profile_dir.join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    xtask.is_file().then_some(xtask)
}

fn run_quietly(program: &Path, arguments: &[&str]) -> bool {
    Command::new(program)
        .args(arguments)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|status| status.success())
        .unwrap_or(false)
}

/// Synthetic specs k× the size of spec/, each generated in its own child process.
fn scaling(spec: &str) {
    heading("generation at scale: spec/ cloned k× (paths, operationIds and component schemas), one child per size");
    let raw = load::load(spec).unwrap_or_else(|_| panic!("spec/ loads")).raw;
    let scratch = common::scratch_dir("scale");
    println!(
        "  {:>4} {:>9} {:>6} {:>6} {:>10} {:>10} {:>10} {:>10} {:>9} {:>10} {:>10}",
        "size", "spec KiB", "ops", "types", "load ms", "gen ms", "gen min", "µs / op", "vs 1×", "peak MiB", "peak/op"
    );
    let mut per_operation_at_one = 0.0;
    let mut figures = Vec::new();
    for copies in SCALES {
        let text = synthesize(&raw, copies);
        let path = scratch.join(format!("spec-{copies}x.yaml"));
        std::fs::write(&path, &text).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        let repetitions = match copies {
            1 => 15,
            5 => 7,
            20 => 5,
            _ => 3,
        };
        let report = run_child(&[path.display().to_string(), repetitions.to_string()]);
        let value = parse_report(report.trim());
        let operations = value("operations");
        let generation_ms = value("generate_ms");
        let per_operation_us = generation_ms * 1e3 / operations;
        if copies == 1 {
            per_operation_at_one = per_operation_us;
        }
        println!(
            "  {:>3}× {:>9} {:>6} {:>6} {:>10.2} {:>10.2} {:>10.2} {:>10.1} {:>9} {:>10.1} {:>6.0} KiB",
            copies,
            text.len() / 1024,
            operations,
            value("types"),
            value("load_ms"),
            generation_ms,
            value("generate_min_ms"),
            per_operation_us,
            ratio(per_operation_us, per_operation_at_one),
            value("peak_mib"),
            value("peak_mib") * 1024.0 / operations,
        );
        figures.push((copies, generation_ms, per_operation_us, value("peak_mib")));
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let worst_growth = figures
        .iter()
        .map(|(_, _, per_operation, _)| per_operation / per_operation_at_one)
        .fold(0.0, f64::max);
    println!("  (baseline: the 1× row, the re-serialised spec/ through the same path; peak = VmHWM of the child, which holds the spec text)");
    println!(
        "  target linear growth (time per operation within 1.5× of 1× at every size): worst {:.2}×: {}",
        worst_growth,
        verdict(worst_growth <= 1.5)
    );
    if let Some((_, twenty_ms, _, _)) = figures.iter().find(|(copies, ..)| *copies == 20) {
        println!(
            "  target 20× under {TWENTY_TIMES_TARGET_MS} ms: {twenty_ms:.0} ms: {}",
            verdict(*twenty_ms < TWENTY_TIMES_TARGET_MS)
        );
    }
}

/// One run of each stage in a fresh child: `stages <spec file>` → the peak resident
/// set after each stage, as a `key=value` line.
fn stage_memory_child(arguments: &[String]) {
    let [path] = arguments else {
        panic!("usage: --child stages <spec file>");
    };
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let after_text = common::peak_rss_mib();
    let loaded = load::load(&text).unwrap_or_else(|_| panic!("{path} loads"));
    let after_load = common::peak_rss_mib();
    let problems = validate::validate(&loaded.api);
    let (api, lowered) = lower::lower(&loaded);
    assert!(
        !problems.iter().chain(&lowered).any(|problem| problem.is_error()),
        "{path} lowers"
    );
    let after_lower = common::peak_rss_mib();
    let settings = Settings::default();
    let outputs = emit::emit(&api, &settings);
    let after_emit = common::peak_rss_mib();
    std::hint::black_box(
        zendesk_users_codegen::finish_files(outputs, &settings.spec_name).expect("emitted code formats"),
    );
    println!(
        "text={after_text:.1} load={after_load:.1} lower={after_lower:.1} emit={after_emit:.1} format={:.1}",
        common::peak_rss_mib()
    );
}

/// One size, in a child process: `<spec file> <repetitions>` → a `key=value` line.
fn scale_child(arguments: &[String]) {
    let [path, repetitions] = arguments else {
        panic!("usage: --child <spec file> <repetitions>");
    };
    let repetitions: usize = repetitions.parse().expect("repetitions is a number");
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"));
    let settings = Settings::default();
    let loading = measure(1, repetitions, || {
        load::load(&text).unwrap_or_else(|_| panic!("{path} loads"))
    });
    let mut counts = (0, 0, 0);
    let generation = measure(1, repetitions, || {
        let generated = generate(&text, &settings).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        counts = (generated.operations, generated.types, generated.warnings.items.len());
        generated
    });
    println!(
        "operations={} types={} warnings={} load_ms={:.3} generate_ms={:.3} generate_min_ms={:.3} peak_mib={:.1}",
        counts.0,
        counts.1,
        counts.2,
        loading.median_ms(),
        generation.median_ms(),
        generation.min_ms(),
        common::peak_rss_mib()
    );
}

/// spec/ with every path and every component schema repeated `copies` times:
/// copy `n` moves `/api/v2/...` to `/api/v2/c{n}/...`, suffixes operationIds
/// and schema names with `C{n}`, and points the copies' `$ref`s at the copied
/// schemas, so each copy is a self-contained API of the same shapes. Written
/// back as YAML so every size goes through the same loader.
fn synthesize(raw: &Value, copies: usize) -> String {
    let mut document = raw.clone();
    let paths = object(raw, "/paths").clone();
    let schemas = object(raw, "/components/schemas").clone();
    for copy in 1..copies {
        let suffix = format!("C{copy}");
        let mut new_paths = Map::new();
        for (path, item) in &paths {
            let moved = path.replacen("/api/v2/", &format!("/api/v2/c{copy}/"), 1);
            assert_ne!(&moved, path, "path {path} does not start with /api/v2/");
            let mut item = item.clone();
            for operation in item
                .as_object_mut()
                .into_iter()
                .flat_map(|methods| methods.values_mut())
            {
                if let Some(Value::String(id)) = operation.get_mut("operationId") {
                    id.push_str(&suffix);
                }
            }
            point_refs_at_copies(&mut item, &suffix);
            new_paths.insert(moved, item);
        }
        let mut new_schemas = Map::new();
        for (name, schema) in &schemas {
            let mut schema = schema.clone();
            point_refs_at_copies(&mut schema, &suffix);
            new_schemas.insert(format!("{name}{suffix}"), schema);
        }
        object_mut(&mut document, "/paths").extend(new_paths);
        object_mut(&mut document, "/components/schemas").extend(new_schemas);
    }
    serde_yaml_ng::to_string(&document).expect("a JSON value is writable as YAML")
}

fn point_refs_at_copies(value: &mut Value, suffix: &str) {
    const SCHEMAS: &str = "#/components/schemas/";
    match value {
        Value::Object(map) => {
            for (key, entry) in map.iter_mut() {
                match entry {
                    Value::String(target) if key == "$ref" && target.starts_with(SCHEMAS) => {
                        let end = target[SCHEMAS.len()..]
                            .find('/')
                            .map_or(target.len(), |at| SCHEMAS.len() + at);
                        target.insert_str(end, suffix);
                    }
                    _ => point_refs_at_copies(entry, suffix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| point_refs_at_copies(item, suffix)),
        _ => {}
    }
}

fn object<'a>(value: &'a Value, pointer: &str) -> &'a Map<String, Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("spec/ has no object at {pointer}"))
}

fn object_mut<'a>(value: &'a mut Value, pointer: &str) -> &'a mut Map<String, Value> {
    value
        .pointer_mut(pointer)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("spec/ has no object at {pointer}"))
}

/// The Zendesk-shaped synthetic spec at 50, 250 and 500 operations, each size in a
/// child process (time and VmHWM); the 50-operation size is the baseline.
fn zendesk_shaped() {
    heading(
        "generation of a Zendesk-shaped spec (allOf with unions, alias paths, redundant type: object, stray keywords)",
    );
    let scratch = common::scratch_dir("zendesk-shaped");
    println!(
        "  {:>6} {:>9} {:>6} {:>9} {:>10} {:>10} {:>10} {:>10} {:>9} {:>10}",
        "ops", "spec KiB", "types", "warnings", "load ms", "gen ms", "gen min", "µs / op", "vs base", "peak MiB"
    );
    let mut figures = Vec::new();
    for resources in ZENDESK_SHAPED_RESOURCES {
        let text = zendesk_shaped_spec(resources);
        let path = scratch.join(format!("zendesk-shaped-{resources}.yaml"));
        std::fs::write(&path, &text).unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        let repetitions = if resources <= 10 { 9 } else { 5 };
        let report = run_child(&[path.display().to_string(), repetitions.to_string()]);
        let value = parse_report(report.trim());
        let operations = value("operations");
        let generation_ms = value("generate_ms");
        let per_operation_us = generation_ms * 1e3 / operations;
        let baseline = figures.first().map_or(per_operation_us, |(_, _, base, _)| *base);
        println!(
            "  {:>6} {:>9} {:>6} {:>9} {:>10.2} {:>10.2} {:>10.2} {:>10.1} {:>9} {:>10.1}",
            operations,
            text.len() / 1024,
            value("types"),
            value("warnings"),
            value("load_ms"),
            generation_ms,
            value("generate_min_ms"),
            per_operation_us,
            ratio(per_operation_us, baseline),
            value("peak_mib"),
        );
        figures.push((operations, generation_ms, per_operation_us, value("peak_mib")));
    }
    let largest = scratch.join("zendesk-shaped-stages.yaml");
    std::fs::write(&largest, zendesk_shaped_spec(100)).expect("scratch is writable");
    let report = run_child(&["stages".to_string(), largest.display().to_string()]);
    let value = parse_report(report.trim());
    println!(
        "  peak memory of the 500-operation spec after each stage (MiB, one run in a fresh child): text {:.1}, load {:.1}, validate + lower {:.1}, emit {:.1}, format {:.1}",
        value("text"),
        value("load"),
        value("lower"),
        value("emit"),
        value("format")
    );
    let _ = std::fs::remove_dir_all(&scratch);
    println!("  where the 500-operation spec's time goes, in this process:");
    stage_breakdown(&zendesk_shaped_spec(100), &Settings::default());
    let base = figures[0].2;
    let worst_growth = figures
        .iter()
        .map(|(_, _, per_operation, _)| per_operation / base)
        .fold(0.0, f64::max);
    let (operations, largest_ms, _, largest_mib) = figures[figures.len() - 1];
    println!(
        "  (baseline: the 50-operation row, the same shapes; peak = VmHWM of the child, which holds the spec text)"
    );
    println!(
        "  target {operations:.0} operations < {ZENDESK_SHAPED_TARGET_MS} ms: {largest_ms:.0} ms: {}",
        verdict(largest_ms < ZENDESK_SHAPED_TARGET_MS)
    );
    println!(
        "  target peak ≤ {ZENDESK_SHAPED_TARGET_MIB} MiB: {largest_mib:.1} MiB: {}",
        verdict(largest_mib <= ZENDESK_SHAPED_TARGET_MIB)
    );
    println!(
        "  target linear growth (time per operation within 1.5× of the baseline): worst {worst_growth:.2}×: {}",
        verdict(worst_growth <= 1.5)
    );
}

/// A spec of `resources` resources, five operations each, written as Zendesk
/// writes its description: the response is `allOf: [Base, {anyOf: [Admin, EndUser]}]`,
/// the item schema a union beside `additionalProperties: true`, a nested object
/// with a redundant `type: object` beside a single-member `allOf`, a string with
/// `required`, and the list path an alias of the long form sharing its parameter
/// list (a stray path parameter: one warning per resource, and one per stray keyword).
fn zendesk_shaped_spec(resources: usize) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: Zendesk-shaped, version: '1'}\npaths:\n");
    for r in 0..resources {
        text.push_str(&format!(
            r#"  /api/v2/things{r}:
    parameters:
      - {{name: user_id, in: path, required: true, schema: {{type: integer}}}}
    get:
      operationId: ListThings{r}
      parameters:
        - {{name: role, in: query, schema: {{type: string, enum: [end-user, agent, admin]}}}}
        - {{name: 'role[]', in: query, schema: {{type: array, items: {{type: string}}}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  things:
                    type: array
                    items: {{$ref: '#/components/schemas/Thing{r}'}}
                  next_page: {{type: string, nullable: true}}
    post:
      operationId: CreateThing{r}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                thing: {{$ref: '#/components/schemas/ThingInput{r}'}}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/ThingResponse{r}'}}
  /api/v2/things{r}/{{thing_id}}:
    parameters:
      - {{name: thing_id, in: path, required: true, schema: {{type: integer}}}}
    get:
      operationId: ShowThing{r}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/ThingResponse{r}'}}
    put:
      operationId: UpdateThing{r}
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - {{$ref: '#/components/schemas/ThingInput{r}'}}
                - type: object
                  properties:
                    things: {{type: array, items: {{$ref: '#/components/schemas/ThingInput{r}'}}}}
              additionalProperties: true
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/ThingResponse{r}'}}
    delete:
      operationId: DeleteThing{r}
      responses:
        '204': {{description: deleted}}
"#
        ));
    }
    text.push_str("components:\n  schemas:\n");
    for r in 0..resources {
        text.push_str(&format!(
            r#"    Base{r}:
      type: object
      required: [id]
      properties:
        id: {{type: integer, readOnly: true}}
        name: {{type: string}}
        email: {{type: string, required: [email]}}
        created_at: {{type: string, format: date-time, readOnly: true}}
        organization:
          type: object
          description: The organization.
          allOf: [{{$ref: '#/components/schemas/Organization{r}'}}]
        tags:
          type: array
          items: {{type: string}}
          additionalProperties: false
    Organization{r}:
      type: object
      properties:
        id: {{type: integer}}
        name: {{type: string, nullable: true}}
    Admin{r}:
      type: object
      properties:
        role: {{type: string, enum: [agent, admin]}}
        permissions: {{type: array, items: {{type: string}}}}
        signature: {{type: string}}
    EndUser{r}:
      type: object
      properties:
        role: {{type: string}}
        notes: {{type: string, nullable: true}}
    Thing{r}:
      allOf:
        - {{$ref: '#/components/schemas/Base{r}'}}
        - anyOf:
            - {{$ref: '#/components/schemas/Admin{r}'}}
            - {{$ref: '#/components/schemas/EndUser{r}'}}
    ThingInput{r}:
      anyOf:
        - {{$ref: '#/components/schemas/Admin{r}'}}
        - {{$ref: '#/components/schemas/EndUser{r}'}}
      additionalProperties: true
    ThingResponse{r}:
      type: object
      properties:
        thing: {{$ref: '#/components/schemas/Thing{r}'}}
"#
        ));
    }
    text
}
