#include "core/train/trainer.h"

#include "core/common/error.h"
#include "core/data/rng.h"
#include "core/train/cancel_token.h"
#include "core/train/json_fields.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>

namespace persona::train {

nlohmann::json TrainOptions::toJson() const
{
    return {{"learningRate", learningRate}, {"weightDecay", weightDecay}, {"batchSize", batchSize},
            {"steps", steps}, {"warmupSteps", warmupSteps}, {"gradClip", gradClip}, {"evalEvery", evalEvery},
            {"patience", patience}, {"seed", seed}, {"maxNewTokens", eval.generation.maxNewTokens},
            {"evalLoss", eval.computeLoss}};
}

TrainOptions TrainOptions::fromJson(const nlohmann::json& j)
{
    TrainOptions o;
    JsonFields f(j, "train");
    f.get("learningRate", o.learningRate);
    f.get("weightDecay", o.weightDecay);
    f.get("batchSize", o.batchSize);
    f.get("steps", o.steps);
    f.get("warmupSteps", o.warmupSteps);
    f.get("gradClip", o.gradClip);
    f.get("evalEvery", o.evalEvery);
    f.get("patience", o.patience);
    f.get("seed", o.seed);
    f.get("maxNewTokens", o.eval.generation.maxNewTokens);
    f.get("evalLoss", o.eval.computeLoss);
    f.finish();
    o.validate();
    return o;
}

void TrainOptions::validate() const
{
    checkRange("train.learningRate", learningRate, 1e-8, 10.0);
    checkRange("train.weightDecay", weightDecay, 0.0, 10.0);
    checkRange("train.batchSize", batchSize, 1, 4096);
    checkRange("train.steps", steps, 0, 100000000);
    checkRange("train.warmupSteps", warmupSteps, 0, 100000000);
    checkRange("train.gradClip", gradClip, 0.0, 1e6);
    checkRange("train.evalEvery", evalEvery, 0, 100000000);
    checkRange("train.patience", patience, 0, 1000000);
    checkRange("train.maxNewTokens", eval.generation.maxNewTokens, 1, 4096);
}

nlohmann::json TrainResult::toJson() const
{
    nlohmann::json evalsJson = nlohmann::json::array();
    for (const auto& e : evals)
        evalsJson.push_back({{"step", e.step}, {"valLoss", e.valLoss}, {"valF1", e.valF1}});
    nlohmann::json j = {{"stepsDone", stepsDone}, {"bestStep", bestStep}, {"stoppedEarly", stoppedEarly},
                        {"seconds", seconds}, {"tokensPerSecond", tokensPerSecond}, {"losses", losses},
                        {"evals", evalsJson}};
    j["bestValF1"] = std::isnan(bestValF1) ? nlohmann::json(nullptr) : nlohmann::json(bestValF1);
    return j;
}

TrainResult trainMethod(methods::Method& method, const std::vector<methods::Example>& train,
                        const std::vector<methods::Example>& val, const data::Dataset& ds, const TrainOptions& options,
                        const ProgressCallback& progress, CancelToken* cancel)
{
    options.validate();
    if (!method.trainable())
        throw ConfigError(method.name() + " has nothing to train");
    if (train.empty())
        throw ConfigError("no training examples");
    torch::manual_seed(options.seed);
    data::Rng rng(options.seed);
    std::vector<torch::Tensor> params = method.parameters();
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));

    TrainResult result;
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    rng.shuffle(order);
    std::size_t cursor = 0;
    const auto start = std::chrono::steady_clock::now();
    double tokens = 0, smoothed = 0;
    int evalsWithoutGain = 0;
    methods::NamedTensors best;
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    auto snapshot = [&] {
        best.clear();
        for (auto& [name, t] : method.trainedState())
            best.emplace_back(name, t.detach().clone());
    };

    for (int step = 1; step <= options.steps; ++step) {
        if (cancel)
            cancel->check();
        method.setTraining(true);
        std::vector<const methods::Example*> batch;
        for (int i = 0; i < options.batchSize; ++i) {
            if (cursor == order.size()) {
                rng.shuffle(order);
                cursor = 0;
            }
            batch.push_back(&train[order[cursor++]]);
        }
        const double lr = options.warmupSteps > 0 && step <= options.warmupSteps
                              ? options.learningRate * step / (options.warmupSteps + 1)
                              : options.learningRate;
        for (auto& group : optimizer.param_groups())
            static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
        optimizer.zero_grad();
        torch::Tensor loss = method.loss(batch);
        loss.backward();
        if (options.gradClip > 0)
            torch::nn::utils::clip_grad_norm_(params, options.gradClip);
        optimizer.step();
        const double l = loss.item<double>();
        if (!std::isfinite(l))
            throw ConfigError("training diverged: loss is " + std::to_string(l) + " at step " + std::to_string(step) +
                              " (lower train.learningRate?)");
        for (const auto* e : batch)
            tokens += method.inputTokens(*e) + static_cast<double>(e->targetIds.size());
        result.losses.push_back(l);
        result.stepsDone = step;
        smoothed = step == 1 ? l : 0.9 * smoothed + 0.1 * l;

        Progress p;
        p.step = step;
        p.totalSteps = options.steps;
        p.trainLoss = l;
        p.smoothedLoss = smoothed;
        p.learningRate = lr;
        const bool evalNow = !val.empty() && ((options.evalEvery > 0 && step % options.evalEvery == 0) || step == options.steps);
        if (evalNow) {
            const EvalResult r = evaluateMethod(method, val, ds, options.eval, cancel);
            p.evaluated = true;
            p.valLoss = r.loss;
            p.valF1 = r.report.weighted.f1;
            result.evals.push_back({step, r.loss, p.valF1});
            if (std::isnan(result.bestValF1) || p.valF1 > result.bestValF1) {
                result.bestValF1 = p.valF1;
                result.bestStep = step;
                evalsWithoutGain = 0;
                snapshot();
            } else {
                ++evalsWithoutGain;
            }
        }
        p.elapsedSeconds = elapsed();
        p.tokensPerSecond = p.elapsedSeconds > 0 ? tokens / p.elapsedSeconds : 0.0;
        p.etaSeconds = p.elapsedSeconds / step * (options.steps - step);
        if (progress)
            progress(p);
        if (options.patience > 0 && evalsWithoutGain >= options.patience) {
            result.stoppedEarly = true;
            break;
        }
    }
    if (!best.empty() && result.bestStep != result.stepsDone) {
        std::map<std::string, torch::Tensor> m(best.begin(), best.end());
        method.loadTrainedState(m);
    }
    method.setTraining(false);
    result.seconds = elapsed();
    result.tokensPerSecond = result.seconds > 0 ? tokens / result.seconds : 0.0;
    return result;
}

} // namespace persona::train
