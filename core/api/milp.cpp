// runMilpSearch: train::MilpSearch driven from the facade, every trial recorded as a BO trial of a
// store run of method "milp" (when a store is given), the chosen configuration's run folder as an
// artifact. The config (and the decoder's depth) is checked before the store run is created.
#include "core/api/milp.h"
#include "core/api/store_run.h"

#include "core/api/training_control_impl.h"
#include "core/common/error.h"
#include "core/common/json_number.h"
#include "core/common/log.h"
#include "core/common/sha256.h"
#include "core/methods/milp/milp_method.h"
#include "core/store/store.h"
#include "core/methods/milp/search/milp_run.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace fs = std::filesystem;

namespace persona::api {
namespace {

MilpTrialView viewOf(const train::MilpSearch& search, const search::Trial& t, const search::SearchResult& soFar)
{
    MilpTrialView v;
    v.trial = t.index;
    v.random = t.initial;
    v.config = methods::milpConfigToJson(search.space().decode(t.x));
    v.valLoss = t.objectives.size() > 0 ? t.objectives[0] : std::nan("");
    v.valMetric = t.objectives.size() > 1 ? t.objectives[1] : std::nan("");
    v.failed = !t.failure.empty();
    v.failure = t.failure;
    v.onFront = std::find(soFar.paretoFront.begin(), soFar.paretoFront.end(), t.index) != soFar.paretoFront.end();
    v.hypervolume = t.hypervolume;
    v.hypervolumeProvisional = soFar.referencePoint.empty();
    v.seconds = t.objectiveSeconds;
    v.searchSeconds = t.modelSeconds;
    v.gpSeconds = t.gpSeconds;
    v.acquisitionSeconds = t.acquisitionSeconds;
    v.wallSeconds = t.wallSeconds;
    const auto index = static_cast<std::size_t>(t.index);
    if (index < search.trialResults().size()) {
        v.trainSeconds = search.trialResults()[index].trainSeconds;
        v.validationSeconds = search.trialResults()[index].validationSeconds;
    }
    return v;
}

} // namespace

nlohmann::json defaultMilpConfig()
{
    return train::MilpRunConfig().toJson();
}

void validateMilpConfig(const nlohmann::json& config)
{
    train::MilpRunConfig::fromJson(config);
}

MilpOutcome runMilpSearch(const MilpRequest& request, const MilpTrialCallback& onTrial,
                          const TrainingProgressCallback& onProgress, TrainingControl* control)
{
    CancelToken* cancel = cancelTokenOf(control);
    train::MilpRunConfig config = train::MilpRunConfig::fromJson(request.config);
    config.base.outputDir = fs::absolute(config.base.outputDir).lexically_normal().string();
    if (onProgress) {
        TrainingProgress p;
        p.phase = "loading";
        onProgress(p);
    }
    // Loads the decoder and checks the space against it: every ConfigError comes before the store run.
    train::MilpSearch search(config);

    MilpOutcome out;
    std::unique_ptr<store::Store> st;
    if (!request.storePath.empty()) {
        st = std::make_unique<store::Store>(request.storePath);
        store::NewRun n;
        n.name = config.base.name;
        n.method = "milp";
        n.config = config.toJson();
        n.seed = static_cast<std::int64_t>(config.search.seed);
        n.device = config.base.device;
        out.runId = createRunRecord(*st, n, config.base.dataset, config.base.dataDir);
        st->markRunning(out.runId, config.base.device);
    }

    const auto trialCallback = [&](const search::Trial& t, const search::SearchResult& soFar) {
        const MilpTrialView v = viewOf(search, t, soFar);
        const auto index = static_cast<std::size_t>(t.index);
        if (st) {
            store::BoTrial b;
            b.trialIndex = t.index;
            b.config = v.config;
            b.objectives = {{"valLoss", finiteOrNull(v.valLoss)}, {"valMetric", finiteOrNull(v.valMetric)},
                            {"hypervolume", finiteOrNull(v.hypervolume)}, {"onFront", v.onFront},
                            {"random", v.random}, {"failed", v.failed}};
            if (v.failed)
                b.objectives["failure"] = v.failure;
            if (v.hypervolumeProvisional)
                b.objectives["hypervolumeProvisional"] = true;
            b.objectives.update(train::milpTrialTimingJson(t, index < search.trialResults().size()
                                                                  ? &search.trialResults()[index]
                                                                  : nullptr));
            b.createdAt = store::nowMs();
            st->addBoTrial(out.runId, b);
            std::vector<store::MetricPoint> points{{t.index, "milp/hypervolume", v.hypervolume}};
            if (!v.failed) // a failed trial has no values to plot
                points.insert(points.begin(), {{t.index, "milp/valLoss", v.valLoss}, {t.index, "milp/valMetric", v.valMetric}});
            st->addMetricPoints(out.runId, points);
        }
        if (onTrial)
            onTrial(v);
    };
    const auto progress = [&](const train::Progress& p) {
        if (!onProgress)
            return;
        TrainingProgress tp;
        tp.runId = out.runId;
        tp.step = p.step;
        tp.totalSteps = p.totalSteps;
        tp.trainLoss = p.trainLoss;
        tp.smoothedLoss = p.smoothedLoss;
        tp.learningRate = p.learningRate;
        tp.tokensPerSecond = p.tokensPerSecond;
        tp.elapsedSeconds = p.elapsedSeconds;
        tp.etaSeconds = p.etaSeconds;
        tp.phase = "training";
        onProgress(tp);
    };

    try {
        const train::MilpSearchOutcome r = search.run(trialCallback, progress, cancel);
        for (const auto& t : r.search.trials)
            out.trials.push_back(viewOf(search, t, r.search));
        out.runDir = r.runDir;
        out.status = r.cancelled ? "cancelled" : "finished";
        if (r.metrics.contains("chosenConfig"))
            out.chosen = {{"trial", r.search.chosen}, {"config", r.metrics["chosenConfig"]}};
        if (r.metrics.contains("test"))
            out.testMetrics = r.metrics["test"];
        if (r.metrics.contains("timing"))
            out.timing = r.metrics["timing"];
        if (st) {
            if (!r.runDir.empty()) {
                store::ArtifactRecord a;
                a.kind = "model";
                a.path = (fs::path(r.runDir) / "checkpoint.safetensors").string();
                a.sha256 = sha256File(a.path);
                st->addArtifact(out.runId, a);
            }
            if (r.cancelled)
                st->markCancelled(out.runId);
            else
                st->markFinished(out.runId);
        }
    } catch (const std::exception& e) {
        try {
            if (st)
                st->markFailed(out.runId, e.what());
        } catch (const std::exception& e2) {
            log::error("milp run " + std::to_string(out.runId) + ": recording the failure failed: " + e2.what());
        }
        throw;
    }
    return out;
}

nlohmann::json runMilpMemoryPass(const std::string& runDir, const std::string& user, int steps, TrainingControl* control)
{
    train::MemoryPassOptions o;
    o.steps = steps;
    return train::milpMemoryPass(runDir, user, o, cancelTokenOf(control));
}

} // namespace persona::api
