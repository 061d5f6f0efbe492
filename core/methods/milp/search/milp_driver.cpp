// MilpSearch::run: the Bayesian-optimisation loop over trials (a diverged or unscorable trial is
// recorded as failed with its reason, and the search goes on; timings per trial and in total), then
// the chosen configuration trained and saved as a run folder (declared in milp_run.h).
#include "core/common/error.h"
#include "core/common/json_file.h"
#include "core/common/json_number.h"
#include "core/common/log.h"
#include "core/methods/checkpoint.h"
#include "core/common/cancel_token.h"
#include "core/methods/milp/search/milp_run.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>

namespace persona::train {

nlohmann::json milpTrialTimingJson(const search::Trial& t, const MilpTrialResult* r)
{
    return {{"seconds", t.objectiveSeconds},
            {"trainSeconds", r ? r->trainSeconds : 0.0},
            {"validationSeconds", r ? r->validationSeconds : 0.0},
            {"gpSeconds", t.gpSeconds},
            {"acquisitionSeconds", t.acquisitionSeconds},
            {"searchSeconds", t.modelSeconds},
            {"wallSeconds", t.wallSeconds}};
}

nlohmann::json milpTimingTotals(const nlohmann::json& trials)
{
    double wall = 0.0, train = 0.0, validation = 0.0, gp = 0.0, acquisition = 0.0;
    int failed = 0;
    for (const auto& t : trials) {
        wall += t.value("wallSeconds", 0.0);
        train += t.value("trainSeconds", 0.0);
        validation += t.value("validationSeconds", 0.0);
        gp += t.value("gpSeconds", 0.0);
        acquisition += t.value("acquisitionSeconds", 0.0);
        failed += t.value("failed", false) ? 1 : 0;
    }
    return {{"trials", trials.size()},
            {"failedTrials", failed},
            {"wallSeconds", wall},
            {"trainSeconds", train},
            {"validationSeconds", validation},
            {"gpSeconds", gp},
            {"acquisitionSeconds", acquisition},
            {"searchSeconds", gp + acquisition},
            {"searchShare", wall > 0.0 ? (gp + acquisition) / wall : 0.0}};
}

MilpSearchOutcome MilpSearch::run(const MilpTrialCallback& onTrial, const ProgressCallback& progress, CancelToken* cancel)
{
    const auto& s = m_config.search;
    search::BayesOptions bo;
    bo.initialTrials = s.initialTrials;
    bo.totalTrials = s.totalTrials;
    bo.seed = s.seed;
    bo.randomOnly = s.randomOnly;
    bo.chooseObjective = 1; // the front point best on the validation metric
    const std::vector<search::ObjectiveSpec> objectives{{"valLoss", search::Direction::Minimise},
                                                        {"valMetric", search::Direction::Maximise}};
    m_trialResults.clear();
    const auto objective = [&](const search::Point& x, int trial) {
        const search::MilpConfig c = m_space->decode(x);
        // Numbered from 1 of the total, as the CLI's progress lines and the workbench's trial table.
        log::info("milp trial " + std::to_string(trial + 1) + "/" + std::to_string(s.totalTrials) + ": " +
                  search::describeConfig(c));
        const auto start = std::chrono::steady_clock::now();
        MilpTrialResult r;
        try {
            r = runTrial(c, cancel);
        } catch (const TrainingDivergedError& e) {
            // This configuration did not train: a failed trial, not the end of the search.
            r.seconds = r.trainSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            r.failure = e.what();
        }
        if (r.failure.empty() && !std::isfinite(r.valLoss))
            r.failure = "validation loss is " + std::to_string(r.valLoss);
        else if (r.failure.empty() && !std::isfinite(r.valMetric))
            r.failure = "validation metric is " + std::to_string(r.valMetric);
        m_trialResults.push_back(r);
        if (!r.failure.empty())
            throw search::TrialFailure(r.failure);
        return std::vector<double>{r.valLoss, r.valMetric};
    };
    const auto isCancelled = [cancel] { return cancel && cancel->isCancelled(); };

    MilpSearchOutcome out;
    out.search = search::runBayesSearch(*m_space, objectives, objective, bo, onTrial, isCancelled);
    const auto& res = out.search;
    out.cancelled = res.cancelled;

    nlohmann::json trials = nlohmann::json::array();
    for (const auto& t : res.trials) {
        const bool onFront = std::find(res.paretoFront.begin(), res.paretoFront.end(), t.index) != res.paretoFront.end();
        nlohmann::json j = {{"trial", t.index},
                            {"random", t.initial},
                            {"config", methods::milpConfigToJson(m_space->decode(t.x))},
                            {"valLoss", finiteOrNull(t.objectives.at(0))},
                            {"valMetric", finiteOrNull(t.objectives.at(1))},
                            {"failed", !t.failure.empty()},
                            {"onFront", onFront},
                            {"hypervolume", finiteOrNull(t.hypervolume)},
                            {"acquisition", finiteOrNull(t.acquisition)}};
        if (!t.failure.empty())
            j["failure"] = t.failure;
        const auto index = static_cast<std::size_t>(t.index);
        const MilpTrialResult* r = index < m_trialResults.size() ? &m_trialResults[index] : nullptr;
        j.update(milpTrialTimingJson(t, r));
        if (r)
            j["training"] = {{"stage1Examples", r->stage1Examples},
                             {"stage2Examples", r->stage2Examples},
                             {"stage1FinalLoss", r->stage1.losses.empty() ? nlohmann::json(nullptr) : finiteOrNull(r->stage1.losses.back())},
                             {"stage2FinalLoss", r->stage2.losses.empty() ? nlohmann::json(nullptr) : finiteOrNull(r->stage2.losses.back())}};
        trials.push_back(j);
    }
    nlohmann::json& m = out.metrics;
    m["method"] = "milp";
    m["task"] = methods::taskName(s.task);
    m["metricName"] = s.task == methods::TaskKind::Genres ? "f1" : "rougeL";
    m["search"] = m_config.toJson()["search"];
    m["trials"] = trials;
    m["paretoFront"] = res.paretoFront;
    m["chosen"] = res.chosen;
    nlohmann::json hv = nlohmann::json::array();
    for (double v : res.hypervolumes)
        hv.push_back(finiteOrNull(v));
    m["hypervolumes"] = hv;
    nlohmann::json ref = nlohmann::json::array();
    for (double v : res.referencePoint)
        ref.push_back(finiteOrNull(v));
    m["referencePoint"] = ref;
    m["cancelled"] = res.cancelled;
    m["timing"] = milpTimingTotals(trials);
    if (res.chosen < 0)
        return out;

    const search::MilpConfig chosen = m_space->decode(res.trials.at(static_cast<std::size_t>(res.chosen)).x);
    m["chosenConfig"] = methods::milpConfigToJson(chosen);
    const int s1 = s.finalStage1Steps >= 0 ? s.finalStage1Steps : s.stage1Steps;
    const int s2 = s.finalStage2Steps >= 0 ? s.finalStage2Steps : s.stage2Steps;
    try {
        MilpTrialResult record;
        auto method = trainModules(chosen, s1, s2, cancel, &record, progress);
        const MilpScore val = score(*method, data::Split::Validation, cancel);
        const MilpScore test = score(*method, data::Split::Test, cancel);
        m["final"] = {{"stage1Steps", s1}, {"stage2Steps", s2}, {"parameters", method->parameterCount()},
                      {"stage1", record.stage1.toJson()}, {"stage2", record.stage2.toJson()},
                      {"validation", {{"loss", finiteOrNull(val.loss)}, {"metric", finiteOrNull(val.metric)}, {"users", val.users}}}};
        nlohmann::json testJ = test.summary.is_object() ? test.summary : nlohmann::json::object();
        testJ["loss"] = finiteOrNull(test.loss);
        testJ["metric"] = finiteOrNull(test.metric);
        testJ["users"] = test.users;
        m["test"] = testJ;

        RunConfig rc = m_config.base;
        rc.method = &methods::milpSpec();
        rc.task = s.task; // predict and eval on the reopened run use the searched task
        rc.sections.milp.modules = chosen;
        rc.sections.milp.loraScale = s.loraScale;
        rc.train = m_config.stageOptions(std::max(s2, 0));
        nlohmann::json config = rc.toJson();
        config["decoderIdentity"] = milpDecoderIdentity(m_decoder->config());
        const std::filesystem::path dir(rc.outputDir);
        std::filesystem::create_directories(dir);
        methods::saveCheckpoint((dir / "checkpoint.safetensors").string(), method->trainedState());
        writeJsonFile((dir / "config.json").string(), config);
        writeJsonFile((dir / "metrics.json").string(), m);
        out.runDir = rc.outputDir;
    } catch (const CancelledError&) {
        out.cancelled = true;
        m["cancelled"] = true;
    }
    return out;
}

} // namespace persona::train
