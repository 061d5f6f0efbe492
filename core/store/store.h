// The experiment store: one SQLite file per workspace keeping datasets, runs and their lifecycle,
// metric curves, predictions, artifacts, the embedding-cache index and BO trials. One Store is one
// connection: use it on one thread and open another Store for another thread (MetricWriter does).
// Leaves out batching off the caller's thread (metric_writer.h) and export (run_export.h).
#pragma once

#include "core/store/records.h"
#include "core/store/sqlite_db.h"

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace persona::store {

struct StoreOptions {
    bool readOnly = false;   // browse only; every write throws StoreError
    int busyTimeoutMs = 5000; // how long a write waits for another writer before failing
    // On open, runs left 'running' by a process that no longer exists become 'interrupted'.
    bool markInterrupted = true;
};

class Store {
public:
    // $XDG_DATA_HOME/persona-workbench/store.sqlite, else ~/.local/share/persona-workbench/...
    static std::filesystem::path defaultPath();

    // Opens or creates the store and migrates it. Throws StoreError naming the file: newer schema
    // (file untouched), corrupted or foreign file, read-only file opened for writing, locked store.
    explicit Store(const std::filesystem::path& path, const StoreOptions& options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    const std::filesystem::path& path() const { return m_db->path(); }
    // A read-only store read as a snapshot because its folder cannot be written (Database::isImmutable).
    bool isImmutable() const { return m_db->isImmutable(); }
    Database& database() { return *m_db; }
    int schemaVersion();
    // PRAGMA integrity_check: {"ok"} for a sound file, otherwise SQLite's list of problems.
    std::vector<std::string> integrityCheck();

    // ---- datasets (find-or-insert by path and checksum) ----
    std::int64_t addDataset(const DatasetRecord& dataset);
    std::optional<DatasetRecord> dataset(std::int64_t id);

    // ---- runs ----
    std::int64_t createRun(const NewRun& run); // status queued
    // Any of queued, interrupted, cancelled, failed -> running (a resume keeps the curve); records
    // this process's pid and host. Throws StoreError for a finished or live running run.
    void markRunning(std::int64_t runId, const std::string& device = {});
    void markFinished(std::int64_t runId);
    void markFailed(std::int64_t runId, const std::string& error);
    void markCancelled(std::int64_t runId);
    // Runs left 'running' on this host by a dead process become 'interrupted'. Returns how many.
    int markDeadRunsInterrupted();
    std::optional<RunRecord> findRun(std::int64_t runId);
    RunRecord run(std::int64_t runId); // throws StoreError when missing
    // Newest first; limit 0 means all.
    std::vector<RunRecord> listRuns(std::size_t limit = 0);
    void deleteRun(std::int64_t runId); // cascades to the run's points, predictions, artifacts

    // ---- metric curves ----
    // One transaction; a point with the same (run, name, step) replaces the old one (a resumed
    // run re-logging steps after its checkpoint continues its curve). Advances runs.last_step.
    void addMetricPoints(std::int64_t runId, std::span<const MetricPoint> points);
    std::vector<MetricPoint> metricPoints(std::int64_t runId, const std::string& name = {});
    std::vector<std::string> metricNames(std::int64_t runId);
    std::int64_t metricPointCount(std::int64_t runId);
    std::vector<MetricSummary> metricSummaries(std::int64_t runId);

    // ---- predictions, artifacts, resume ----
    std::int64_t addPrediction(std::int64_t runId, const PredictionRecord& prediction);
    void addPredictions(std::int64_t runId, std::span<const PredictionRecord> predictions);
    // The run's test predictions, replacing any it has (one transaction): a resumed run whose test
    // pass ran before it was killed writes them again. A note or tags a user gave the earlier
    // prediction of the same user are kept when the new record has none.
    void replacePredictions(std::int64_t runId, std::span<const PredictionRecord> predictions);
    std::vector<PredictionRecord> predictions(std::int64_t runId);
    // Replaces the note and tags (a JSON array of strings) of one prediction. Throws StoreError naming the
    // id when there is no such prediction or tags is not an array.
    void setPredictionNote(std::int64_t predictionId, const std::string& note, const nlohmann::json& tags);
    std::int64_t addArtifact(std::int64_t runId, const ArtifactRecord& artifact);
    std::vector<ArtifactRecord> artifacts(std::int64_t runId);
    // Drops run runId's artifact records of the file at `path` (a deleted, pruned checkpoint).
    void removeArtifacts(std::int64_t runId, const std::string& path);
    void setCheckpoint(std::int64_t runId, std::int64_t artifactId, std::int64_t step);
    ResumePoint resumePoint(std::int64_t runId);

    // ---- item-embedding cache index ----
    void putEmbedding(const EmbeddingCacheEntry& entry); // replaces an entry with the same key
    std::optional<EmbeddingCacheEntry> findEmbedding(const std::string& encoderHash, const std::string& textHash);

    // ---- BO trials (MiLP) ----
    void addBoTrial(std::int64_t runId, const BoTrial& trial);
    std::vector<BoTrial> boTrials(std::int64_t runId);

private:
    void setStatus(std::int64_t runId, RunStatus status, const std::string& error, bool setEnded);

    std::unique_ptr<Database> m_db;
};

// Identity of the calling process, recorded on runs it marks running.
struct ProcessIdentity {
    std::int64_t pid = 0;
    std::string host;
    std::int64_t startTicks = 0; // /proc/<pid>/stat start time; 0 when unknown. Guards pid reuse.
};
ProcessIdentity currentProcess();
// True when `pid` is alive and (when startTicks != 0) is the same process that started then.
bool isProcessAlive(std::int64_t pid, std::int64_t startTicks);

} // namespace persona::store
