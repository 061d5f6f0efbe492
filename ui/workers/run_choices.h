// The trained runs the Inspect and Compare views offer: finished store runs whose run folder
// (config.json's outputDir) still exists, grouped by method family, and run folders opened by
// hand. Reads the store read-only on the calling (GUI) thread: a listing is one small query.
// Leaves out opening the runs (trained_run_worker.h).
#pragma once

#include "ui/workers/loaded_dataset.h"
#include "ui/workers/trained_run_worker.h"

namespace persona::ui {

enum class RunFamily { TextPrompting, Persoma, Milp, Other };

// "text", "text-lora", "zero-shot", ... -> TextPrompting; "persoma*" -> Persoma; "milp*" -> Milp.
RunFamily runFamily(const QString& method);

// Finished runs of `family` in the store at storePath whose folder has a config.json, newest
// first. A missing or unreadable store gives none; *error (when given) then says why.
RunChoices storeRunChoices(const QString& storePath, RunFamily family, QString* error = nullptr);

// The run behind one store run, from its method and config (JSON text): its folder (config.json's
// outputDir) when that still holds a config.json, zero-shot prompting from the config for a
// zero-shot run; else invalid, with *error saying why.
RunChoice storeRunChoice(qint64 runId, const QString& method, const QString& configJson, QString* error);

// The choice made to read `dataset` (its path and item filter) instead of the run's own: a run
// folder through api::TrainedRun::openOn, zero-shot with its config's dataset replaced. Unchanged
// for a null dataset or an invalid choice.
RunChoice onDataset(RunChoice choice, const DatasetPtr& dataset);

// A run folder chosen by hand. Throws nothing; *error says why it is not a run folder.
RunChoice folderRunChoice(const QString& dir, QString* error);

// The method named in <dir>/config.json ("" when unreadable).
QString runFolderMethod(const QString& dir);

// <dir>/config.json as text (at most 1 MiB), "" when missing or too large.
QString readRunConfig(const QString& dir);

} // namespace persona::ui
