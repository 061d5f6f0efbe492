// Creating a run record in the experiment store for a training run or a MiLP search: the
// code version, the test split and the dataset row (when the dataset path resolves). Internal to
// core/api; leaves out the run's lifecycle after creation (markRunning, finish, ...).
#pragma once

#include "core/store/store.h"

#include <cstdint>
#include <string>

namespace persona::api {

// Fills n.split ("test") and n.codeVersion, records the dataset `dataset` under `dataDir` (skipped
// when it does not resolve: the run then fails at load, recorded), and returns the new run id.
std::int64_t createRunRecord(store::Store& st, store::NewRun n, const std::string& dataset,
                             const std::string& dataDir);

} // namespace persona::api
