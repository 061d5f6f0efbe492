#include "core/api/evaluation.h"

#include "core/api/genre_names.h"
#include "core/common/error.h"
#include "core/data/user_split.h"
#include "core/methods/checkpoint.h"
#include "core/train/evaluator.h"
#include "core/train/run.h"
#include "core/train/slices.h"

#include <cmath>

namespace persona::api {
namespace {

// Replaces the reopened run's trained state with the one saved at `step`. ConfigError naming the run
// folder and the steps it has when there is no such checkpoint.
void loadStepCheckpoint(train::Run& run, const std::string& runDir, int step)
{
    if (!run.method().trainable())
        throw ConfigError(runDir + ": a " + run.method().name() + " run has no checkpoints");
    run.method().loadTrainedState(methods::loadCheckpoint(methods::requireStepCheckpoint(runDir, step).path));
}

} // namespace

nlohmann::json evaluateRun(const RunEvaluationRequest& request)
{
    const data::Split split = data::parseSplit(request.split);
    auto run = train::Run::open(request.runDir, request.device == "auto" ? "" : request.device);
    if (request.checkpointStep >= 0)
        loadStepCheckpoint(*run, request.runDir, request.checkpointStep);
    data::UserAttributes attributes;
    std::vector<std::string> sliceBy = request.sliceBy;
    if (!sliceBy.empty()) {
        attributes = data::loadUserAttributes(run->dataset());
        if (sliceBy == std::vector<std::string>{"all"})
            sliceBy = data::sliceAttributeNames(attributes);
        train::checkSliceAttributes(run->dataset(), attributes, sliceBy);
    }
    const train::EvalResult r = run->evaluate(split, request.maxUsers, nullptr, request.generationBatch);
    nlohmann::json j = train::evalSummaryJson(r);
    if (!sliceBy.empty()) {
        j["slices"] = train::slicesJson(train::sliceEvaluation(run->dataset(), r, attributes, sliceBy));
        j["sliceAttributes"] = data::sliceAttributeNames(attributes);
    }
    j["microF1"] = r.report.micro.f1;
    if (r.task == methods::TaskKind::NextItem) {
        // The first few outputs next to their targets.
        auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
        nlohmann::json examples = nlohmann::json::array();
        for (std::size_t i = 0; i < std::min<std::size_t>(3, r.predictions.size()); ++i) {
            const auto& u = r.predictions[i];
            examples.push_back({{"user", u.userKey}, {"target", u.target}, {"output", u.text}, {"rougeL", num(u.rougeL)}});
        }
        j["examples"] = examples;
    }
    if (request.perUser) {
        const data::Dataset& ds = run->dataset();
        auto num = [](double v) { return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v); };
        nlohmann::json users = nlohmann::json::array();
        for (const auto& u : r.predictions) {
            nlohmann::json row = {{"user", u.userKey}, {"output", u.text}};
            if (r.task == methods::TaskKind::NextItem) {
                row["target"] = u.target;
                row["rougeL"] = num(u.rougeL);
            } else {
                row["f1"] = num(u.f1);
                row["liked"] = genreNames(ds, u.parsed.liked);
                row["disliked"] = genreNames(ds, u.parsed.disliked);
                row["truthLiked"] = genreNames(ds, u.truth.liked);
                row["truthDisliked"] = genreNames(ds, u.truth.disliked);
            }
            users.push_back(std::move(row));
        }
        j["perUser"] = std::move(users);
    }
    j["run"] = request.runDir;
    if (request.checkpointStep >= 0)
        j["checkpointStep"] = request.checkpointStep;
    j["split"] = data::splitName(split);
    j["method"] = run->method().name();
    return j;
}

} // namespace persona::api
