#include "core/store/run_export.h"

#include "core/common/csv.h"
#include "core/common/json_file.h"
#include "core/common/json_number.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

namespace persona::store {
namespace {

using nlohmann::json;

json optionalJson(const std::optional<std::int64_t>& v)
{
    return v ? json(*v) : json(nullptr);
}

json metricValueJson(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    return v;
}

// Field readers for import: each names the source and the JSON path of a wrong field.
class Reader {
public:
    explicit Reader(std::string source) : m_source(std::move(source)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const
    {
        throw FormatError(m_source + ": " + where + " " + what);
    }
    const json& field(const json& obj, const std::string& where, const char* key) const
    {
        if (!obj.is_object())
            fail(where, "must be an object");
        const auto it = obj.find(key);
        if (it == obj.end())
            fail(where + "/" + key, "is missing");
        return *it;
    }
    std::string text(const json& obj, const std::string& where, const char* key) const
    {
        const json& v = field(obj, where, key);
        if (!v.is_string())
            fail(where + "/" + key, "must be a string");
        return v.get<std::string>();
    }
    std::int64_t integer(const json& obj, const std::string& where, const char* key) const
    {
        const json& v = field(obj, where, key);
        return checkedInteger(v, where + "/" + key);
    }
    // An integer that fits a signed 64-bit column (2^63 would be stored as a negative number).
    std::int64_t checkedInteger(const json& v, const std::string& where) const
    {
        if (!v.is_number_integer())
            fail(where, "must be an integer");
        const auto value = jsonInteger<std::int64_t>(v);
        if (!value)
            fail(where, v.dump() + " is larger than a store integer can hold (2^63 - 1)");
        return *value;
    }
    std::optional<std::int64_t> optInteger(const json& obj, const std::string& where, const char* key) const
    {
        const json& v = field(obj, where, key);
        if (v.is_null())
            return std::nullopt;
        if (!v.is_number_integer())
            fail(where + "/" + key, "must be an integer or null");
        return checkedInteger(v, where + "/" + key);
    }
    const json& array(const json& obj, const std::string& where, const char* key) const
    {
        const json& v = field(obj, where, key);
        if (!v.is_array())
            fail(where + "/" + key, "must be an array");
        return v;
    }
    double metricValue(const json& v, const std::string& where) const
    {
        if (v.is_number())
            return v.get<double>();
        if (v.is_null() || v == "nan")
            return std::nan("");
        if (v == "inf")
            return HUGE_VAL;
        if (v == "-inf")
            return -HUGE_VAL;
        fail(where, "must be a number, null, \"nan\", \"inf\" or \"-inf\"");
    }

private:
    std::string m_source;
};

} // namespace

json runRecordJson(const RunRecord& r)
{
    json run;
    run["id"] = r.id;
    run["name"] = r.name;
    run["method"] = r.method;
    run["config"] = r.config;
    run["seed"] = r.seed;
    run["split"] = r.split;
    run["status"] = runStatusName(r.status);
    run["device"] = r.device;
    run["created_at"] = r.createdAt;
    run["started_at"] = optionalJson(r.startedAt);
    run["ended_at"] = optionalJson(r.endedAt);
    run["code_version"] = r.codeVersion;
    run["error"] = r.error;
    run["last_step"] = optionalJson(r.lastStep);
    run["checkpoint_step"] = optionalJson(r.checkpointStep);
    run["pid"] = optionalJson(r.pid);
    run["host"] = r.host;
    return run;
}

json exportRunJson(Store& store, std::int64_t runId)
{
    const RunRecord r = store.run(runId);
    const std::vector<ArtifactRecord> artifacts = store.artifacts(runId);

    json run = runRecordJson(r);
    run["dataset"] = nullptr;
    if (r.datasetId)
        if (auto d = store.dataset(*r.datasetId))
            run["dataset"] = {{"path", d->path}, {"format", d->format}, {"checksum", d->checksum}};
    run["checkpoint_artifact"] = nullptr; // index into "artifacts": ids do not travel
    for (std::size_t i = 0; i < artifacts.size(); ++i)
        if (r.checkpointArtifactId && artifacts[i].id == *r.checkpointArtifactId)
            run["checkpoint_artifact"] = i;

    json metrics = json::object();
    for (const MetricPoint& p : store.metricPoints(runId)) {
        json& curve = metrics[p.name];
        if (curve.is_null())
            curve = {{"steps", json::array()}, {"values", json::array()}};
        curve["steps"].push_back(p.step);
        curve["values"].push_back(metricValueJson(p.value));
    }

    json predictions = json::array();
    for (const PredictionRecord& p : store.predictions(runId))
        predictions.push_back({{"user_id", p.userId}, {"output", p.output}, {"genres", p.genres},
                               {"metrics", p.metrics}, {"input_tokens", optionalJson(p.inputTokens)},
                               {"latency_ms", p.latencyMs ? json(*p.latencyMs) : json(nullptr)},
                               {"note", p.note}, {"tags", p.tags}});

    json artifactList = json::array();
    for (const ArtifactRecord& a : artifacts)
        artifactList.push_back({{"kind", a.kind}, {"path", a.path}, {"sha256", a.sha256},
                                {"step", optionalJson(a.step)}, {"created_at", a.createdAt}});

    json trials = json::array();
    for (const BoTrial& t : store.boTrials(runId))
        trials.push_back({{"trial_index", t.trialIndex}, {"config", t.config}, {"objectives", t.objectives},
                          {"created_at", t.createdAt}});

    return {{"format", kRunExportFormat}, {"version", kRunExportVersion}, {"run", run}, {"metrics", metrics},
            {"predictions", predictions}, {"artifacts", artifactList}, {"bo_trials", trials}};
}

std::int64_t importRunJson(Store& store, const json& doc, const std::string& source)
{
    const Reader rd(source);
    // "format" of another type (a number) is "not a run export" too; json::value would throw its
    // own type_error for it (found by fuzz_run_import).
    const auto format = doc.is_object() ? doc.find("format") : doc.end();
    if (!doc.is_object() || format == doc.end() || !format->is_string() || format->get<std::string>() != kRunExportFormat)
        rd.fail("/format", std::string("is not \"") + kRunExportFormat + "\": not a run export");
    const std::int64_t version = rd.integer(doc, "", "version");
    if (version < 1 || version > kRunExportVersion)
        rd.fail("/version", std::to_string(version) + " is not supported (this build reads up to " +
                                std::to_string(kRunExportVersion) + ")");
    const json& run = rd.field(doc, "", "run");
    const std::string w = "/run";

    NewRun nr;
    nr.name = rd.text(run, w, "name");
    nr.method = rd.text(run, w, "method");
    nr.config = rd.field(run, w, "config");
    nr.seed = rd.integer(run, w, "seed");
    nr.split = rd.text(run, w, "split");
    nr.device = rd.text(run, w, "device");
    nr.codeVersion = rd.text(run, w, "code_version");
    const RunStatus status = [&] {
        try {
            return runStatusFromName(rd.text(run, w, "status"));
        } catch (const StoreError&) {
            rd.fail(w + "/status", "is not a run status");
        }
    }();
    const json& artifacts = rd.array(doc, "", "artifacts");
    const auto checkpointIndex = rd.optInteger(run, w, "checkpoint_artifact");
    if (checkpointIndex && (*checkpointIndex < 0 || *checkpointIndex >= static_cast<std::int64_t>(artifacts.size())))
        rd.fail(w + "/checkpoint_artifact", "is outside the artifacts list");

    Transaction tx(store.database());
    if (const json& d = rd.field(run, w, "dataset"); !d.is_null())
        nr.datasetId = store.addDataset(DatasetRecord{0, rd.text(d, w + "/dataset", "path"),
                                                      rd.text(d, w + "/dataset", "format"),
                                                      rd.text(d, w + "/dataset", "checksum")});
    const std::int64_t id = store.createRun(nr);

    std::vector<std::int64_t> artifactIds;
    for (std::size_t i = 0; i < artifacts.size(); ++i) {
        const std::string aw = "/artifacts/" + std::to_string(i);
        ArtifactRecord a;
        a.kind = rd.text(artifacts[i], aw, "kind");
        a.path = rd.text(artifacts[i], aw, "path");
        a.sha256 = rd.text(artifacts[i], aw, "sha256");
        a.step = rd.optInteger(artifacts[i], aw, "step");
        a.createdAt = rd.integer(artifacts[i], aw, "created_at");
        artifactIds.push_back(store.addArtifact(id, a));
    }

    Statement upd(store.database(),
                  "UPDATE runs SET status = ?, created_at = ?, started_at = ?, ended_at = ?, error = ?, "
                  "last_step = ?, checkpoint_step = ?, checkpoint_artifact_id = ?, pid = ?, host = ? WHERE id = ?");
    upd.bind(1, runStatusName(status)).bind(2, rd.integer(run, w, "created_at"));
    upd.bind(3, rd.optInteger(run, w, "started_at")).bind(4, rd.optInteger(run, w, "ended_at"));
    upd.bind(5, rd.text(run, w, "error")).bind(6, rd.optInteger(run, w, "last_step"));
    upd.bind(7, rd.optInteger(run, w, "checkpoint_step"));
    upd.bind(8, checkpointIndex ? std::optional<std::int64_t>(artifactIds[*checkpointIndex]) : std::nullopt);
    upd.bind(9, rd.optInteger(run, w, "pid")).bind(10, rd.text(run, w, "host")).bind(11, id);
    upd.exec();

    const json& metrics = rd.field(doc, "", "metrics");
    if (!metrics.is_object())
        rd.fail("/metrics", "must be an object");
    std::vector<MetricPoint> points;
    for (const auto& [name, curve] : metrics.items()) {
        const std::string mw = "/metrics/" + name;
        const json& steps = rd.array(curve, mw, "steps");
        const json& values = rd.array(curve, mw, "values");
        if (steps.size() != values.size())
            rd.fail(mw, "has " + std::to_string(steps.size()) + " steps but " + std::to_string(values.size()) +
                            " values");
        std::set<std::int64_t> seen; // the store keeps one value a step: a second one would be dropped
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const std::string sw = mw + "/steps/" + std::to_string(i);
            const std::int64_t step = rd.checkedInteger(steps[i], sw);
            if (!seen.insert(step).second)
                rd.fail(sw, "repeats step " + std::to_string(step) + " of this curve (one value a step)");
            points.push_back(MetricPoint{step, name,
                                         rd.metricValue(values[i], mw + "/values/" + std::to_string(i))});
        }
    }
    if (!points.empty()) {
        store.addMetricPoints(id, points); // also advances last_step: put the exported one back
        Statement last(store.database(), "UPDATE runs SET last_step = ? WHERE id = ?");
        last.bind(1, rd.optInteger(run, w, "last_step")).bind(2, id);
        last.exec();
    }

    const json& predictions = rd.array(doc, "", "predictions");
    std::vector<PredictionRecord> preds;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const std::string pw = "/predictions/" + std::to_string(i);
        const json& p = predictions[i];
        PredictionRecord pr;
        pr.userId = rd.text(p, pw, "user_id");
        pr.output = rd.text(p, pw, "output");
        pr.genres = rd.field(p, pw, "genres");
        pr.metrics = rd.field(p, pw, "metrics");
        pr.inputTokens = rd.optInteger(p, pw, "input_tokens");
        if (const json& l = rd.field(p, pw, "latency_ms"); l.is_number())
            pr.latencyMs = l.get<double>();
        else if (!l.is_null())
            rd.fail(pw + "/latency_ms", "must be a number or null");
        pr.note = rd.text(p, pw, "note");
        pr.tags = rd.field(p, pw, "tags");
        preds.push_back(std::move(pr));
    }
    store.addPredictions(id, preds);

    const json& trials = rd.array(doc, "", "bo_trials");
    for (std::size_t i = 0; i < trials.size(); ++i) {
        const std::string tw = "/bo_trials/" + std::to_string(i);
        store.addBoTrial(id, BoTrial{rd.integer(trials[i], tw, "trial_index"), rd.field(trials[i], tw, "config"),
                                     rd.field(trials[i], tw, "objectives"), rd.integer(trials[i], tw, "created_at")});
    }
    tx.commit();
    return id;
}

std::string exportMetricsCsv(Store& store, std::int64_t runId)
{
    store.run(runId); // throws for a missing run
    std::string out = "step,name,value\n";
    for (const MetricPoint& p : store.metricPoints(runId))
        out += std::to_string(p.step) + "," + csvField(p.name) + "," + csvNumber(p.value) + "\n";
    return out;
}

std::string exportPredictionsCsv(Store& store, std::int64_t runId)
{
    store.run(runId);
    std::string out = "user_id,output,genres,metrics,input_tokens,latency_ms,note,tags\n";
    for (const PredictionRecord& p : store.predictions(runId)) {
        out += csvField(p.userId) + "," + csvField(p.output) + "," + csvField(p.genres.dump()) + "," +
               csvField(p.metrics.dump()) + "," + (p.inputTokens ? std::to_string(*p.inputTokens) : "") + "," +
               (p.latencyMs ? csvNumber(*p.latencyMs) : "") + "," + csvField(p.note) + "," +
               csvField(p.tags.dump()) + "\n";
    }
    return out;
}

json readRunExportFile(const std::filesystem::path& path)
{
    return readJsonFile(path.string(), std::uint64_t(4) << 30, "run export");
}

} // namespace persona::store
