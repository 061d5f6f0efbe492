// Slices of the stored test predictions, for the Runs view's chart: for each run, its test-pass
// predictions (those that carry their truth) grouped by one user attribute of the run's own dataset
// (train::sliceEvaluation, the grouping `persona eval --slice-by` uses), with F1, crossUserF1 and
// the number of distinct answers per value. Nothing is generated: the run folder is not needed,
// only the dataset its config names. Leaves out drawing (ui/) and evaluating anew (evaluation.h).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace persona::api {

struct SliceRow {
    std::string value;     // "25-34", "F", "10-19 items", ...
    std::size_t users = 0;
    double f1 = std::numeric_limits<double>::quiet_NaN();
    double crossUserF1 = std::numeric_limits<double>::quiet_NaN(); // NaN under two users
    std::size_t distinctOutputs = 0;
};

struct RunSlices {
    std::int64_t runId = 0;
    std::string label;           // "#12 teaching-seed0 (persoma-mlp-frozen)"
    std::string dataset;         // the dataset its users were read from
    std::vector<SliceRow> rows;  // in the attribute's value order
    std::string error;           // why there are no rows (no stored test pass, a dataset gone, ...)
};

struct StoredSlices {
    std::string attribute;
    std::vector<std::string> attributes; // what the runs' datasets offer (the first run's that loads)
    std::vector<RunSlices> runs;         // in the order asked
};

// `attribute` "" takes the first offered ("age" on ml-100k). Reads the store read-only; loads each
// run's dataset once per path. Throws StoreError for an unreadable store; a run that cannot be
// sliced (not in the store, no test predictions, its dataset missing, the attribute unknown to its
// dataset) gets its `error` instead of rows.
StoredSlices storedSlices(const std::string& storePath, const std::vector<std::int64_t>& runIds,
                          const std::string& attribute = "");

// run_id,run,attribute,value,users,f1,cross_user_f1,distinct_answers: one line per run and value
// (RFC 4180 quoting, empty for NaN).
std::string storedSlicesCsv(const StoredSlices& slices);

} // namespace persona::api
