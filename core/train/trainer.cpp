#include "core/train/trainer.h"

#include "core/common/crash_point.h"
#include "core/common/error.h"
#include "core/data/rng.h"
#include "core/common/cancel_token.h"
#include "core/common/json_fields.h"

#include <nlohmann/json.hpp>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>

namespace persona::train {

nlohmann::json TrainOptions::toJson() const
{
    return {{"learningRate", learningRate}, {"weightDecay", weightDecay}, {"batchSize", batchSize},
            {"microBatchSize", microBatchSize}, {"steps", steps}, {"warmupSteps", warmupSteps},
            {"gradClip", gradClip}, {"evalEvery", evalEvery},
            {"patience", patience}, {"seed", seed}, {"keepCheckpoints", keepCheckpoints},
            {"memoryLimitMiB", memoryLimitMiB},
            {"maxNewTokens", eval.generation.maxNewTokens},
            {"evalLoss", eval.computeLoss}};
}

TrainOptions TrainOptions::fromJson(const nlohmann::json& j)
{
    TrainOptions o;
    JsonFields f(j, "train");
    f.get("learningRate", o.learningRate);
    f.get("weightDecay", o.weightDecay);
    f.get("batchSize", o.batchSize);
    f.get("microBatchSize", o.microBatchSize);
    f.get("steps", o.steps);
    f.get("warmupSteps", o.warmupSteps);
    f.get("gradClip", o.gradClip);
    f.get("evalEvery", o.evalEvery);
    f.get("patience", o.patience);
    f.get("seed", o.seed);
    f.get("keepCheckpoints", o.keepCheckpoints);
    f.get("memoryLimitMiB", o.memoryLimitMiB);
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
    checkRange("train.microBatchSize", microBatchSize, -1, 4096);
    checkRange("train.steps", steps, 0, 100000000);
    checkRange("train.warmupSteps", warmupSteps, 0, 100000000);
    checkRange("train.gradClip", gradClip, 0.0, 1e6);
    checkRange("train.evalEvery", evalEvery, 0, 100000000);
    checkRange("train.patience", patience, 0, 1000000);
    checkRange("train.keepCheckpoints", keepCheckpoints, 0, 1000000);
    checkRange("train.memoryLimitMiB", memoryLimitMiB, -1, 1 << 30);
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

namespace {

using Clock = std::chrono::steady_clock;

std::string optimizerKey(const torch::Tensor& p)
{
    return c10::guts::to_string(p.unsafeGetTensorImpl());
}

double targetTokens(std::vector<const methods::Example*>::const_iterator first,
                    std::vector<const methods::Example*>::const_iterator last)
{
    double n = 0.0;
    for (; first != last; ++first)
        n += static_cast<double>((*first)->targetIds.size());
    return n;
}

// The batch's loss, its gradients accumulated into the parameters' .grad. With micro-batches, each
// pass's loss (a mean over its target tokens) is weighted by its share of the batch's target tokens,
// so the sum is the whole batch's token mean and its gradient the whole batch's.
double accumulateGradients(methods::Method& method, const std::vector<const methods::Example*>& batch, int micro)
{
    const std::size_t size = micro > 0 ? static_cast<std::size_t>(micro) : batch.size();
    if (size >= batch.size()) {
        torch::Tensor loss = method.loss(batch);
        loss.backward();
        return loss.item<double>();
    }
    const double total = targetTokens(batch.begin(), batch.end());
    if (total <= 0)
        throw ShapeError("training batch has no target token");
    double l = 0.0;
    for (std::size_t begin = 0; begin < batch.size(); begin += size) {
        const auto first = batch.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = batch.begin() + static_cast<std::ptrdiff_t>(std::min(begin + size, batch.size()));
        torch::Tensor loss = method.loss({first, last}) * (targetTokens(first, last) / total);
        loss.backward();
        l += loss.item<double>();
    }
    return l;
}

double learningRateAt(const TrainOptions& o, int step)
{
    return o.warmupSteps > 0 && step <= o.warmupSteps ? o.learningRate * step / (o.warmupSteps + 1) : o.learningRate;
}

void restoreOptimizer(torch::optim::AdamW& optimizer, const std::vector<torch::Tensor>& params, const TrainState& s)
{
    if (s.expAvg.size() != params.size() || s.adamSteps.size() != params.size())
        throw ConfigError("resume: the saved state has " + std::to_string(s.expAvg.size()) +
                          " optimiser entries, the method has " + std::to_string(params.size()) + " parameters");
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (!s.expAvg[i].defined())
            continue;
        if (!s.expAvg[i].sizes().equals(params[i].sizes()) || !s.expAvgSq[i].sizes().equals(params[i].sizes()))
            throw ShapeError("resume: AdamW moments of parameter " + std::to_string(i) + " do not match its shape");
        auto st = std::make_unique<torch::optim::AdamWParamState>();
        st->step(s.adamSteps[i]);
        st->exp_avg(s.expAvg[i].to(params[i].options()).clone());
        st->exp_avg_sq(s.expAvgSq[i].to(params[i].options()).clone());
        optimizer.state()[optimizerKey(params[i])] = std::move(st);
    }
}

} // namespace

TrainResult trainMethod(methods::Method& method, const std::vector<methods::Example>& train,
                        const std::vector<methods::Example>& val, const data::Dataset& ds, const TrainOptions& options,
                        const ProgressCallback& progress, CancelToken* cancel, const TrainHooks& hooks)
{
    options.validate();
    if (!method.trainable())
        throw ConfigError(method.name() + " has nothing to train");
    if (train.empty())
        throw ConfigError("no training examples");
    torch::manual_seed(options.seed);
    data::Rng rng(options.seed);
    // The periodic validation feeds the curves and early stopping, which read neither.
    EvalOptions validationOptions = options.eval;
    validationOptions.swappedHistoryLoss = false;
    std::vector<torch::Tensor> params = method.parameters();
    torch::optim::AdamW optimizer(params, torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));

    TrainResult result;
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    rng.shuffle(order);
    std::uint64_t shuffles = 1;
    std::size_t cursor = 0;
    double tokens = 0, smoothed = 0, elapsedBefore = 0;
    int evalsWithoutGain = 0;
    methods::NamedTensors best;
    bool pending = false, finished = false;

    if (const TrainState* r = hooks.resumeFrom) {
        if (r->shuffles < 1 || r->cursor > order.size() || r->step > options.steps)
            throw ConfigError("resume: the saved state (step " + std::to_string(r->step) + ", cursor " +
                              std::to_string(r->cursor) + ") does not fit this run (" + std::to_string(options.steps) +
                              " steps, " + std::to_string(order.size()) + " examples)");
        for (; shuffles < r->shuffles; ++shuffles)
            rng.shuffle(order);
        cursor = r->cursor;
        method.loadTrainedState(std::map<std::string, torch::Tensor>(r->current.begin(), r->current.end()));
        restoreOptimizer(optimizer, params, *r);
        if (r->torchRng.defined()) {
            auto gen = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(gen.mutex());
            gen.set_state(r->torchRng);
        }
        result.losses = r->losses;
        result.evals = r->evals;
        result.stepsDone = r->step;
        result.bestStep = r->bestStep;
        result.bestValF1 = r->bestValF1;
        result.stoppedEarly = r->finished && r->step < options.steps;
        smoothed = r->smoothedLoss;
        tokens = r->tokens;
        elapsedBefore = r->elapsedSeconds;
        evalsWithoutGain = r->evalsWithoutGain;
        for (const auto& [name, t] : r->best)
            best.emplace_back(name, t.detach().clone());
        pending = r->pendingEval;
        finished = r->finished;
    }

    const auto start = Clock::now();
    auto legSeconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
    auto elapsed = [&] { return elapsedBefore + legSeconds(); };
    // The speed and ETA shown are this process's: a resumed run may now have other hardware or
    // threads than its earlier legs (whose time still counts in elapsedSeconds and the result).
    const int legFirstStep = result.stepsDone;
    const double legTokensBefore = tokens;
    auto snapshot = [&] {
        best.clear();
        for (auto& [name, t] : method.trainedState())
            best.emplace_back(name, t.detach().clone());
    };
    auto capture = [&](bool pendingEval, bool done) {
        TrainState s;
        s.step = result.stepsDone;
        s.pendingEval = pendingEval;
        s.finished = done;
        s.losses = result.losses;
        s.evals = result.evals;
        s.smoothedLoss = smoothed;
        s.tokens = tokens;
        s.elapsedSeconds = elapsed();
        s.bestStep = result.bestStep;
        s.bestValF1 = result.bestValF1;
        s.evalsWithoutGain = evalsWithoutGain;
        s.best = best;
        for (const auto& p : params) {
            auto it = optimizer.state().find(optimizerKey(p));
            if (it == optimizer.state().end()) {
                s.expAvg.emplace_back();
                s.expAvgSq.emplace_back();
                s.adamSteps.push_back(0);
                continue;
            }
            auto& st = static_cast<torch::optim::AdamWParamState&>(*it->second);
            s.expAvg.push_back(st.exp_avg());
            s.expAvgSq.push_back(st.exp_avg_sq());
            s.adamSteps.push_back(st.step());
        }
        s.shuffles = shuffles;
        s.cursor = cursor;
        {
            auto gen = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(gen.mutex());
            s.torchRng = gen.get_state();
        }
        s.current = method.trainedState();
        return s;
    };

    bool inEval = false;
    try {
        while (!finished) {
            int step = result.stepsDone;
            double l = 0.0;
            if (pending) {
                // Cancelled while evaluating this step: the step itself is done, redo its evaluation.
                pending = false;
                l = result.losses.back();
            } else {
                if (step >= options.steps)
                    break;
                if (cancel)
                    cancel->check();
                ++step;
                method.setTraining(true);
                std::vector<const methods::Example*> batch;
                for (int i = 0; i < options.batchSize; ++i) {
                    if (cursor == order.size()) {
                        rng.shuffle(order);
                        ++shuffles;
                        cursor = 0;
                    }
                    batch.push_back(&train[order[cursor++]]);
                }
                const double lr = learningRateAt(options, step);
                for (auto& group : optimizer.param_groups())
                    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
                optimizer.zero_grad();
                l = accumulateGradients(method, batch, options.microBatchSize);
                if (options.gradClip > 0)
                    torch::nn::utils::clip_grad_norm_(params, options.gradClip);
                optimizer.step();
                crashPoint("train-step"); // the step's update made, not yet recorded or checkpointed
                if (!std::isfinite(l))
                    throw TrainingDivergedError("training diverged: loss is " + std::to_string(l) + " at step " +
                                      std::to_string(step) + " (try a lower learning rate)");
                for (const auto* e : batch)
                    tokens += method.inputTokens(*e) + static_cast<double>(e->targetIds.size());
                result.losses.push_back(l);
                result.stepsDone = step;
                smoothed = step == 1 ? l : 0.9 * smoothed + 0.1 * l;
            }

            Progress p;
            p.step = step;
            p.totalSteps = options.steps;
            p.trainLoss = l;
            p.smoothedLoss = smoothed;
            p.learningRate = learningRateAt(options, step);
            const bool evalNow =
                !val.empty() && ((options.evalEvery > 0 && step % options.evalEvery == 0) || step == options.steps);
            if (evalNow) {
                inEval = true;
                const EvalResult r = evaluateMethod(method, val, ds, validationOptions, cancel);
                inEval = false;
                p.evaluated = true;
                p.valLoss = r.loss;
                p.valF1 = mainMetric(r); // weighted F1 (genres) or mean ROUGE-L F (next item)
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
            const double leg = legSeconds();
            const int legSteps = step - legFirstStep;
            if (legSteps > 0 && leg > 0) {
                p.tokensPerSecond = (tokens - legTokensBefore) / leg;
                p.etaSeconds = leg / legSteps * (options.steps - step);
            } else { // a resumed evaluation redone before this process has trained a step
                p.tokensPerSecond = p.elapsedSeconds > 0 ? tokens / p.elapsedSeconds : 0.0;
                p.etaSeconds = p.elapsedSeconds / step * (options.steps - step);
            }
            if (progress)
                progress(p);
            const bool stop = options.patience > 0 && evalsWithoutGain >= options.patience;
            finished = stop || step >= options.steps;
            const bool checkpointNow = finished || (hooks.checkpointEvery > 0 ? step % hooks.checkpointEvery == 0 : evalNow);
            if (hooks.onCheckpoint && checkpointNow)
                hooks.onCheckpoint(capture(false, finished));
            if (stop)
                result.stoppedEarly = true;
        }
    } catch (const CancelledError&) {
        if (hooks.onCheckpoint)
            hooks.onCheckpoint(capture(inEval, false));
        throw;
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
