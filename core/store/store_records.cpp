// Store: datasets, metric points, predictions, artifacts and resume, embedding cache, BO trials.
#include "core/store/store.h"

#include <map>

namespace persona::store {
namespace {

nlohmann::json parseColumn(const Statement& st, int column, const std::filesystem::path& file, const char* what)
{
    auto j = nlohmann::json::parse(st.columnText(column), nullptr, false);
    if (j.is_discarded())
        throw StoreError(file.string() + ": a stored " + std::string(what) + " is not valid JSON");
    return j;
}

} // namespace

// ---- datasets ---------------------------------------------------------------------------------

std::int64_t Store::addDataset(const DatasetRecord& dataset)
{
    Transaction tx(*m_db);
    Statement find(*m_db, "SELECT id FROM datasets WHERE path = ? AND checksum = ?");
    find.bind(1, dataset.path).bind(2, dataset.checksum);
    if (find.step())
        return find.columnInt(0); // the transaction rolls back: nothing was written
    Statement ins(*m_db, "INSERT INTO datasets (path, format, checksum, created_at) VALUES (?, ?, ?, ?)");
    ins.bind(1, dataset.path).bind(2, dataset.format).bind(3, dataset.checksum).bind(4, nowMs());
    ins.exec();
    const std::int64_t id = m_db->lastInsertId();
    tx.commit();
    return id;
}

std::optional<DatasetRecord> Store::dataset(std::int64_t id)
{
    Statement st(*m_db, "SELECT id, path, format, checksum FROM datasets WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return DatasetRecord{st.columnInt(0), st.columnText(1), st.columnText(2), st.columnText(3)};
}

// ---- metric curves ----------------------------------------------------------------------------

void Store::addMetricPoints(std::int64_t runId, std::span<const MetricPoint> points)
{
    if (points.empty())
        return;
    Transaction tx(*m_db);
    Statement ins(*m_db, "INSERT OR REPLACE INTO metric_points (run_id, name, step, value) VALUES (?, ?, ?, ?)");
    std::int64_t maxStep = points.front().step;
    for (const MetricPoint& p : points) {
        ins.bind(1, runId).bind(2, p.name).bind(3, p.step).bind(4, p.value);
        ins.exec();
        ins.reset();
        maxStep = std::max(maxStep, p.step);
    }
    Statement upd(*m_db, "UPDATE runs SET last_step = max(coalesce(last_step, ?1), ?1) WHERE id = ?2");
    upd.bind(1, maxStep).bind(2, runId);
    upd.exec();
    tx.commit();
}

std::vector<MetricPoint> Store::metricPoints(std::int64_t runId, const std::string& name)
{
    Statement st(*m_db, name.empty()
                            ? "SELECT step, name, value FROM metric_points WHERE run_id = ? ORDER BY name, step"
                            : "SELECT step, name, value FROM metric_points WHERE run_id = ? AND name = ? ORDER BY step");
    st.bind(1, runId);
    if (!name.empty())
        st.bind(2, name);
    std::vector<MetricPoint> out;
    while (st.step())
        out.push_back(MetricPoint{st.columnInt(0), st.columnText(1), st.columnDouble(2)});
    return out;
}

std::vector<std::string> Store::metricNames(std::int64_t runId)
{
    Statement st(*m_db, "SELECT DISTINCT name FROM metric_points WHERE run_id = ? ORDER BY name");
    st.bind(1, runId);
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.columnText(0));
    return out;
}

std::int64_t Store::metricPointCount(std::int64_t runId)
{
    Statement st(*m_db, "SELECT count(*) FROM metric_points WHERE run_id = ?");
    st.bind(1, runId);
    st.step();
    return st.columnInt(0);
}

std::vector<MetricSummary> Store::metricSummaries(std::int64_t runId)
{
    // The PRIMARY KEY (run_id, name, step) serves the grouping and the last-value look-up.
    Statement st(*m_db, "SELECT g.name, g.n, g.lo, g.hi, p.value FROM "
                        "(SELECT name, count(*) AS n, min(step) AS lo, max(step) AS hi FROM metric_points "
                        "WHERE run_id = ?1 GROUP BY name) g "
                        "JOIN metric_points p ON p.run_id = ?1 AND p.name = g.name AND p.step = g.hi ORDER BY g.name");
    st.bind(1, runId);
    std::vector<MetricSummary> out;
    while (st.step())
        out.push_back(MetricSummary{st.columnText(0), st.columnInt(1), st.columnInt(2), st.columnInt(3),
                                    st.columnDouble(4)});
    return out;
}

// ---- predictions ------------------------------------------------------------------------------

void Store::addPredictions(std::int64_t runId, std::span<const PredictionRecord> predictions)
{
    Transaction tx(*m_db);
    Statement ins(*m_db, "INSERT INTO predictions (run_id, user_id, output, genres, metrics, input_tokens, "
                         "latency_ms, note, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const PredictionRecord& p : predictions) {
        ins.bind(1, runId).bind(2, p.userId).bind(3, p.output).bind(4, p.genres.dump()).bind(5, p.metrics.dump());
        ins.bind(6, p.inputTokens).bind(7, p.latencyMs).bind(8, p.note).bind(9, p.tags.dump());
        ins.exec();
        ins.reset();
    }
    tx.commit();
}

void Store::replacePredictions(std::int64_t runId, std::span<const PredictionRecord> predictions)
{
    Transaction tx(*m_db);
    std::map<std::string, std::pair<std::string, std::string>> kept; // user -> (note, tags)
    {
        Statement old(*m_db, "SELECT user_id, note, tags FROM predictions WHERE run_id = ? AND (note != '' OR tags != '[]') "
                             "ORDER BY id");
        old.bind(1, runId);
        while (old.step())
            kept.emplace(old.columnText(0), std::make_pair(old.columnText(1), old.columnText(2)));
    }
    Statement del(*m_db, "DELETE FROM predictions WHERE run_id = ?");
    del.bind(1, runId);
    del.exec();
    std::vector<PredictionRecord> merged(predictions.begin(), predictions.end());
    for (auto& p : merged) {
        const auto it = kept.find(p.userId);
        if (it == kept.end())
            continue;
        if (p.note.empty())
            p.note = it->second.first;
        if (p.tags.empty())
            p.tags = nlohmann::json::parse(it->second.second, nullptr, false);
        if (p.tags.is_discarded())
            p.tags = nlohmann::json::array();
    }
    addPredictions(runId, merged); // a nested transaction: committed with this one
    tx.commit();
}

std::int64_t Store::addPrediction(std::int64_t runId, const PredictionRecord& prediction)
{
    addPredictions(runId, std::span<const PredictionRecord>(&prediction, 1));
    return m_db->lastInsertId();
}

std::vector<PredictionRecord> Store::predictions(std::int64_t runId)
{
    Statement st(*m_db, "SELECT id, user_id, output, genres, metrics, input_tokens, latency_ms, note, tags "
                        "FROM predictions WHERE run_id = ? ORDER BY id");
    st.bind(1, runId);
    std::vector<PredictionRecord> out;
    while (st.step()) {
        PredictionRecord p;
        p.id = st.columnInt(0);
        p.userId = st.columnText(1);
        p.output = st.columnText(2);
        p.genres = parseColumn(st, 3, path(), "prediction's genres");
        p.metrics = parseColumn(st, 4, path(), "prediction's metrics");
        p.inputTokens = st.columnOptInt(5);
        p.latencyMs = st.columnOptDouble(6);
        p.note = st.columnText(7);
        p.tags = parseColumn(st, 8, path(), "prediction's tags");
        out.push_back(std::move(p));
    }
    return out;
}

void Store::setPredictionNote(std::int64_t predictionId, const std::string& note, const nlohmann::json& tags)
{
    if (!tags.is_array())
        throw StoreError(path().string() + ": tags of prediction " + std::to_string(predictionId) + " must be a JSON array");
    Statement st(*m_db, "UPDATE predictions SET note = ?, tags = ? WHERE id = ?");
    st.bind(1, note).bind(2, tags.dump()).bind(3, predictionId);
    st.exec();
    if (m_db->changes() == 0)
        throw StoreError(path().string() + ": no prediction with id " + std::to_string(predictionId));
}

// ---- artifacts and resume ---------------------------------------------------------------------

std::int64_t Store::addArtifact(std::int64_t runId, const ArtifactRecord& artifact)
{
    Statement st(*m_db, "INSERT INTO artifacts (run_id, kind, path, sha256, step, created_at) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, runId).bind(2, artifact.kind).bind(3, artifact.path).bind(4, artifact.sha256).bind(5, artifact.step);
    st.bind(6, artifact.createdAt != 0 ? artifact.createdAt : nowMs());
    st.exec();
    return m_db->lastInsertId();
}

std::vector<ArtifactRecord> Store::artifacts(std::int64_t runId)
{
    Statement st(*m_db, "SELECT id, kind, path, sha256, step, created_at FROM artifacts WHERE run_id = ? ORDER BY id");
    st.bind(1, runId);
    std::vector<ArtifactRecord> out;
    while (st.step())
        out.push_back(ArtifactRecord{st.columnInt(0), st.columnText(1), st.columnText(2), st.columnText(3),
                                     st.columnOptInt(4), st.columnInt(5)});
    return out;
}

void Store::removeArtifacts(std::int64_t runId, const std::string& path)
{
    Statement st(*m_db, "DELETE FROM artifacts WHERE run_id = ? AND path = ? AND id IS NOT "
                        "(SELECT checkpoint_artifact_id FROM runs WHERE id = ?)");
    st.bind(1, runId).bind(2, path).bind(3, runId);
    st.exec();
}

void Store::setCheckpoint(std::int64_t runId, std::int64_t artifactId, std::int64_t step)
{
    Statement st(*m_db, "UPDATE runs SET checkpoint_artifact_id = ?1, checkpoint_step = ?2 WHERE id = ?3 AND "
                        "EXISTS (SELECT 1 FROM artifacts WHERE id = ?1 AND run_id = ?3)");
    st.bind(1, artifactId).bind(2, step).bind(3, runId);
    st.exec();
    if (m_db->changes() != 1)
        throw StoreError(path().string() + ": artifact " + std::to_string(artifactId) + " is not an artifact of run " +
                         std::to_string(runId));
}

ResumePoint Store::resumePoint(std::int64_t runId)
{
    const RunRecord r = run(runId);
    ResumePoint rp;
    rp.lastStep = r.lastStep;
    rp.checkpointStep = r.checkpointStep;
    if (r.checkpointArtifactId)
        for (const ArtifactRecord& a : artifacts(runId))
            if (a.id == *r.checkpointArtifactId)
                rp.checkpoint = a;
    return rp;
}

// ---- embedding cache --------------------------------------------------------------------------

void Store::putEmbedding(const EmbeddingCacheEntry& entry)
{
    Statement st(*m_db, "INSERT OR REPLACE INTO embedding_cache (encoder_hash, text_hash, path, offset, dim, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    st.bind(1, entry.encoderHash).bind(2, entry.textHash).bind(3, entry.path).bind(4, entry.offset);
    st.bind(5, entry.dim).bind(6, nowMs());
    st.exec();
}

std::optional<EmbeddingCacheEntry> Store::findEmbedding(const std::string& encoderHash, const std::string& textHash)
{
    Statement st(*m_db, "SELECT path, offset, dim FROM embedding_cache WHERE encoder_hash = ? AND text_hash = ?");
    st.bind(1, encoderHash).bind(2, textHash);
    if (!st.step())
        return std::nullopt;
    return EmbeddingCacheEntry{encoderHash, textHash, st.columnText(0), st.columnInt(1), st.columnInt(2)};
}

// ---- BO trials --------------------------------------------------------------------------------

void Store::addBoTrial(std::int64_t runId, const BoTrial& trial)
{
    Statement st(*m_db, "INSERT INTO bo_trials (run_id, trial_index, config, objectives, created_at) "
                        "VALUES (?, ?, ?, ?, ?)");
    st.bind(1, runId).bind(2, trial.trialIndex).bind(3, trial.config.dump()).bind(4, trial.objectives.dump());
    st.bind(5, trial.createdAt != 0 ? trial.createdAt : nowMs());
    st.exec();
}

std::vector<BoTrial> Store::boTrials(std::int64_t runId)
{
    Statement st(*m_db, "SELECT trial_index, config, objectives, created_at FROM bo_trials WHERE run_id = ? "
                        "ORDER BY trial_index");
    st.bind(1, runId);
    std::vector<BoTrial> out;
    while (st.step())
        out.push_back(BoTrial{st.columnInt(0), parseColumn(st, 1, path(), "BO trial config"),
                              parseColumn(st, 2, path(), "BO trial objectives"), st.columnInt(3)});
    return out;
}

} // namespace persona::store
