// Reports as one self-contained HTML file (no script, no outside file; styles inline, bars as table
// cells, so Qt's rich text renders the same file to PDF): a user's full picture across runs (their
// history with the shown items, each run's answer and scores beside the truth, the item attribution,
// the soft-prompt neighbours, the analyst's notes and tags) and a run's (its scores and
// personalization diagnostics, the slice table, the worst users, the answers most users share and,
// against a second run, the users on whom the two disagree most). For teaching handouts and
// error-analysis write-ups (`persona report`, the Compare view's Export Report). Torch-free.
// Leaves out the PDF itself (the GUI prints the HTML with Qt).
#pragma once

#include "core/api/trained_run.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace persona::store {
class Store;
}

namespace persona::api {

// ---- one user ----

struct UserReportPart {
    std::string runDir;
    UserPredictionView prediction;
    bool hasExplain = false;
    ExplainView explain;
    bool hasNeighbours = false;   // soft-prompt runs
    NeighbourView neighbours;
    std::string note;             // the analyst's note and tags on this run's prediction for the user
    std::vector<std::string> tags;
};

struct UserReport {
    std::string user;
    std::string dataset;
    std::vector<HistoryItemView> history; // as the first run's dataset has it, its shown items marked
    std::vector<UserReportPart> parts;    // one per run, in the order given
};

struct UserReportOptions {
    bool attribution = true;  // leave-one-out per shown item (the slow part)
    bool meanVector = false;  // with it, soft prompts' mean-vector variants too
    bool neighbours = true;   // soft-prompt runs
    int batchSize = 0;        // attribution rows together; 0 = automatic
    int neighboursK = 5;
    // An experiment store whose records of these run folders hold notes and tags; "" = none. Read
    // only; a store that does not exist is an IoError.
    std::string storePath;
};

// Opens each run folder, predicts (and explains) the user. ConfigError naming the user for one a
// run does not have, before anything is generated for it.
UserReport buildUserReport(const std::vector<std::string>& runDirs, const std::string& userKey,
                           const UserReportOptions& options = {});
// Same, with runs the caller has open (the GUI's shared runs); notes and tags are the caller's to fill.
UserReport buildUserReport(const std::vector<TrainedRun*>& runs, const std::string& userKey,
                           const UserReportOptions& options = {});
// Fills part i's note and tags from the prediction of the report's user that store run
// storeRunIds[i] holds (0: none; the latest when it holds several).
void addStoreNotes(UserReport& report, store::Store& st, const std::vector<std::int64_t>& storeRunIds);
std::string userReportHtml(const UserReport& report);

// ---- one run ----

struct RunReportRequest {
    std::string runDir;
    std::string compareRunDir;  // "" = none; otherwise the disagreement list against it
    std::string split = "test";
    std::string device;
    int generationBatch = -1;
    int worst = 10;             // worst users listed (and disagreements)
};

// Evaluates the run (and the other one) on the split with every slice attribute and per-user rows:
// {"run": evaluateRun's JSON, "compare": the other's or null, "worst": N}.
nlohmann::json buildRunReport(const RunReportRequest& request);
std::string runReportHtml(const nlohmann::json& report);

// Text for HTML: & < > " ' escaped, control bytes dropped.
std::string htmlEscape(const std::string& text);

} // namespace persona::api
