// Plain records kept in the experiment store: datasets, runs, metric points, predictions,
// artifacts, embedding-cache entries and BO trials. Leaves out storage (store.h) and export.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace persona::store {

enum class RunStatus { Queued, Running, Finished, Failed, Cancelled, Interrupted };

const char* runStatusName(RunStatus status);
// Throws StoreError for an unknown name.
RunStatus runStatusFromName(const std::string& name);

// Milliseconds since the Unix epoch (UTC): the store's one time unit.
std::int64_t nowMs();

struct DatasetRecord {
    std::int64_t id = 0;
    std::string path;
    std::string format;   // "recbole-atomic", "jsonl", ...
    std::string checksum; // e.g. sha256 hex of the files, empty when unknown
};

// What a caller gives to create a run.
struct NewRun {
    std::string name;
    std::string method; // "persoma", "milp", "text-prompt", ...
    nlohmann::json config = nlohmann::json::object();
    std::int64_t seed = 0;
    std::string split;
    std::optional<std::int64_t> datasetId;
    std::string device;
    std::string codeVersion;
};

struct RunRecord {
    std::int64_t id = 0;
    std::string name;
    std::string method;
    nlohmann::json config = nlohmann::json::object();
    std::int64_t seed = 0;
    std::string split;
    std::optional<std::int64_t> datasetId;
    RunStatus status = RunStatus::Queued;
    std::string device;
    std::int64_t createdAt = 0;
    std::optional<std::int64_t> startedAt;
    std::optional<std::int64_t> endedAt;
    std::string codeVersion;
    std::string error;
    std::optional<std::int64_t> lastStep;             // last step whose metric points are committed
    std::optional<std::int64_t> checkpointArtifactId; // artifact to resume from
    std::optional<std::int64_t> checkpointStep;
    std::optional<std::int64_t> pid; // the process that marked it running
    std::string host;
};

struct MetricPoint {
    std::int64_t step = 0;
    std::string name;
    double value = 0.0; // NaN is kept as NULL and read back as NaN
};

// One curve of a run at a glance (for listings): how many points, which steps, the last value.
struct MetricSummary {
    std::string name;
    std::int64_t points = 0;
    std::int64_t firstStep = 0;
    std::int64_t lastStep = 0;
    double lastValue = 0.0;
};

struct PredictionRecord {
    std::int64_t id = 0;
    std::string userId;
    std::string output;
    nlohmann::json genres = nlohmann::json::array();   // parsed genres
    nlohmann::json metrics = nlohmann::json::object(); // per-user metrics
    std::optional<std::int64_t> inputTokens;
    std::optional<double> latencyMs;
    std::string note;
    nlohmann::json tags = nlohmann::json::array();
};

struct ArtifactRecord {
    std::int64_t id = 0;
    std::string kind; // "checkpoint", "plot", "adapter", ...
    std::string path;
    std::string sha256;
    std::optional<std::int64_t> step;
    std::int64_t createdAt = 0;
};

// Where a cached item embedding lives: a file and a byte offset in it.
struct EmbeddingCacheEntry {
    std::string encoderHash;
    std::string textHash;
    std::string path;
    std::int64_t offset = 0;
    std::int64_t dim = 0;
};

struct BoTrial {
    std::int64_t trialIndex = 0;
    nlohmann::json config = nlohmann::json::object();
    nlohmann::json objectives = nlohmann::json::object();
    std::int64_t createdAt = 0;
};

// Where a cancelled or crashed run continues: after lastStep, from the checkpoint if any.
struct ResumePoint {
    std::optional<std::int64_t> lastStep;
    std::optional<ArtifactRecord> checkpoint;
    std::optional<std::int64_t> checkpointStep;
};

} // namespace persona::store
