#include "core/search/bayes_optimizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "core/common/error.h"
#include "core/common/log.h"
#include "core/search/acquisition.h"
#include "core/search/gaussian_process.h"

namespace persona::search {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Caller's units -> maximisation orientation (and back: the map is its own inverse).
Objectives toMax(const std::vector<double>& values, const std::vector<ObjectiveSpec>& specs)
{
    Objectives out(values.size());
    for (std::size_t j = 0; j < values.size(); ++j)
        out[j] = specs[j].direction == Direction::Minimise ? -values[j] : values[j];
    return out;
}

bool allFinite(const std::vector<double>& v)
{
    return !v.empty() && std::all_of(v.begin(), v.end(), [](double e) { return std::isfinite(e); });
}

torch::Tensor toTensor(const std::vector<Point>& points, torch::Device device)
{
    const auto n = static_cast<std::int64_t>(points.size());
    const auto d = static_cast<std::int64_t>(points.front().size());
    std::vector<double> flat;
    flat.reserve(static_cast<std::size_t>(n * d));
    for (const auto& p : points)
        flat.insert(flat.end(), p.begin(), p.end());
    return torch::tensor(flat, torch::TensorOptions().dtype(torch::kFloat64)).reshape({n, d}).to(device);
}

// Reference point (maximisation orientation) from the finite trials: nadir minus 10% of the range.
Objectives deriveReference(const std::vector<Objectives>& points)
{
    const std::size_t k = points.front().size();
    Objectives ref(k);
    for (std::size_t j = 0; j < k; ++j) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const auto& p : points) {
            lo = std::min(lo, p[j]);
            hi = std::max(hi, p[j]);
        }
        const double range = hi - lo;
        ref[j] = lo - (range > 0.0 ? 0.1 * range : std::max(0.1 * std::abs(lo), 1e-6));
    }
    return ref;
}

// A random valid point; in a discrete space one not tried yet when that is easy to find.
Point randomPoint(const SearchSpace& space, SearchRng& rng, const std::set<Point>& tried)
{
    Point x = space.sample(rng);
    for (int attempt = 0; space.isDiscrete() && tried.count(x) && attempt < 64; ++attempt)
        x = space.sample(rng);
    return x;
}

struct Proposal {
    Point x;
    double acquisition = 0.0;
    double gpSeconds = 0.0;          // the GP fits
    double acquisitionSeconds = 0.0; // pool and acquisition maximisation
};

// "valLoss = nan, valMetric = inf" for the non-finite values of a failed trial.
std::string nonFiniteReason(const std::vector<double>& values, const std::vector<ObjectiveSpec>& specs)
{
    std::string out;
    for (std::size_t j = 0; j < values.size() && j < specs.size(); ++j)
        if (!std::isfinite(values[j]))
            out += (out.empty() ? "" : ", ") + specs[j].name + " = " + std::to_string(values[j]);
    return "non-finite objective (" + out + ")";
}

// One BO step: fit a GP per objective to the finite trials, build the candidate pool, maximise the
// Monte-Carlo expected hypervolume improvement over it (two rounds: broad, then refined).
Proposal propose(const SearchSpace& space, const std::vector<Point>& xs, const std::vector<Objectives>& ys,
                 const Objectives& reference, const BayesOptions& o, torch::Device device, SearchRng& rng,
                 std::vector<GpHyperparameters>& warm, std::vector<std::vector<double>>& relevance,
                 const std::set<Point>& tried)
{
    // The GP's matrices are tiny (n x n, n = trials): intra-op threads only add synchronisation, and
    // on a loaded machine OpenMP's spinning made a step 10x slower. One thread for the model step,
    // restored for the caller's objective (trials run after this returns, on the same thread).
    struct SingleThread {
        int previous = torch::get_num_threads();
        SingleThread() { torch::set_num_threads(1); }
        ~SingleThread() { torch::set_num_threads(previous); }
    } singleThread;
    Proposal out;
    const auto gpStart = Clock::now();
    const std::size_t k = ys.front().size();
    const auto xObs = toTensor(xs, device);
    std::vector<GaussianProcess> gps(k);
    std::vector<const GaussianProcess*> models;
    for (std::size_t j = 0; j < k; ++j) {
        std::vector<double> y(ys.size());
        for (std::size_t i = 0; i < ys.size(); ++i)
            y[i] = ys[i][j];
        // Full restarts on the first model and every 5th trial after; in between the previous MAP
        // (warm start) and the screening starts are enough and 3x cheaper.
        const bool full = warm[j].rho.empty() || xs.size() % 5 == 0;
        GpOptions go;
        go.restarts = full ? o.gpRestarts : 0;
        go.defaultStart = full;
        go.maxIterations = o.gpIterations;
        go.seed = rng.next();
        go.device = device;
        gps[j].fit(xObs, torch::tensor(y, torch::TensorOptions().dtype(torch::kFloat64)), go,
                   warm[j].rho.empty() ? nullptr : &warm[j]);
        warm[j] = gps[j].hyperparameters();
        relevance[j] = warm[j].rho;
        models.push_back(&gps[j]);
    }
    out.gpSeconds = secondsSince(gpStart);
    const auto acquisitionStart = Clock::now();

    // Anchors for local moves: the observed front (for one objective, the 5 best), at most 10.
    std::vector<int> anchors = paretoFront(ys);
    if (k == 1) {
        anchors.resize(ys.size());
        std::iota(anchors.begin(), anchors.end(), 0);
        std::stable_sort(anchors.begin(), anchors.end(), [&](int a, int b) { return ys[a][0] > ys[b][0]; });
        anchors.resize(std::min<std::size_t>(anchors.size(), 5));
    }
    if (anchors.size() > 10) {
        std::vector<int> kept;
        for (std::size_t i = 0; i < 10; ++i)
            kept.push_back(anchors[i * anchors.size() / 10]);
        anchors = kept;
    }
    static constexpr double kScales[] = {0.05, 0.1, 0.2, 0.4};
    std::set<Point> seen = tried;
    std::vector<Point> pool;
    auto add = [&](Point p) {
        if (!space.isDiscrete() || seen.insert(p).second)
            pool.push_back(std::move(p));
    };
    for (int i = 0; i < o.randomCandidates; ++i)
        add(space.sample(rng));
    for (int i = 0; i < o.localCandidates && !anchors.empty(); ++i)
        add(space.mutate(xs[static_cast<std::size_t>(anchors[static_cast<std::size_t>(i) % anchors.size()])], rng,
                         kScales[(i / anchors.size()) % 4]));
    if (pool.empty()) {
        out.acquisitionSeconds = secondsSince(acquisitionStart);
        return out;
    }

    auto acq = expectedHypervolumeImprovement(models, xObs, toTensor(pool, device), reference, o.mcSamples, rng);
    // Round two: the 16 best of the pool and small moves around its 4 best, scored together.
    std::vector<std::size_t> order(pool.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return acq[a] > acq[b]; });
    std::vector<Point> second;
    for (std::size_t i = 0; i < std::min<std::size_t>(16, order.size()); ++i)
        second.push_back(pool[order[i]]);
    const std::size_t top = std::min<std::size_t>(4, order.size());
    static constexpr double kFine[] = {0.01, 0.03, 0.1};
    for (int i = 0; i < o.refineCandidates; ++i) {
        Point p = space.mutate(pool[order[static_cast<std::size_t>(i) % top]], rng, kFine[(i / top) % 3]);
        if (!space.isDiscrete() || seen.insert(p).second)
            second.push_back(std::move(p));
    }
    acq = expectedHypervolumeImprovement(models, xObs, toTensor(second, device), reference, o.mcSamples, rng);
    const auto best = static_cast<std::size_t>(std::max_element(acq.begin(), acq.end()) - acq.begin());
    if (acq[best] > 0.0) {
        out.x = second[best];
        out.acquisition = acq[best];
    }
    out.acquisitionSeconds = secondsSince(acquisitionStart);
    return out;
}

} // namespace

void summariseSearch(SearchResult& result, int chooseObjective)
{
    std::vector<Objectives> points;
    for (const auto& t : result.trials)
        points.push_back(t.failure.empty() && allFinite(t.objectives) ? toMax(t.objectives, result.objectives)
                                                 : Objectives(result.objectives.size(), std::nan("")));
    result.paretoFront = paretoFront(points);
    result.chosen = -1;
    if (chooseObjective < 0) {
        result.chosen = kneePoint(points, result.paretoFront);
    } else {
        for (int i : result.paretoFront) {
            const auto j = static_cast<std::size_t>(chooseObjective);
            if (result.chosen < 0 || points[static_cast<std::size_t>(i)][j] > points[static_cast<std::size_t>(result.chosen)][j])
                result.chosen = i;
        }
    }
    // An empty front has volume 0 whatever the reference, so every trial gets a finite value.
    result.hypervolumes.assign(result.trials.size(), 0.0);
    for (auto& t : result.trials)
        t.hypervolume = 0.0;
    std::vector<Objectives> finite;
    for (const auto& p : points)
        if (allFinite(p))
            finite.push_back(p);
    if (finite.empty())
        return;
    // Until the loop fixes the reference (after the initial trials) a provisional one, derived by the
    // same rule from the successful trials so far, keeps the reported history defined.
    const Objectives ref =
        result.referencePoint.empty() ? deriveReference(finite) : toMax(result.referencePoint, result.objectives);
    std::vector<Objectives> front;
    for (std::size_t t = 0; t < result.trials.size(); ++t) {
        if (allFinite(points[t])) {
            front.push_back(points[t]);
            std::vector<Objectives> kept;
            for (int i : paretoFront(front))
                kept.push_back(front[static_cast<std::size_t>(i)]);
            front = std::move(kept);
        }
        result.hypervolumes[t] = hypervolume(front, ref);
        result.trials[t].hypervolume = result.hypervolumes[t];
    }
}

SearchResult runBayesSearch(const SearchSpace& space, const std::vector<ObjectiveSpec>& objectives,
                            const ObjectiveFunction& objective, const BayesOptions& options,
                            const TrialCallback& onTrial, const CancelCheck& isCancelled)
{
    const std::size_t k = objectives.size();
    if (k == 0 || !objective)
        throw ConfigError("Bayesian search: no objective given");
    if (options.totalTrials < 1 || options.initialTrials < 0 || options.mcSamples < 1)
        throw ConfigError("Bayesian search: totalTrials must be >= 1, initialTrials >= 0 and mcSamples >= 1 (got " +
                          std::to_string(options.totalTrials) + ", " + std::to_string(options.initialTrials) + ", " +
                          std::to_string(options.mcSamples) + ")");
    if (!options.referencePoint.empty() && options.referencePoint.size() != k)
        throw ConfigError("Bayesian search: reference point has " + std::to_string(options.referencePoint.size()) +
                          " values for " + std::to_string(k) + " objectives");
    for (double v : options.referencePoint)
        if (!std::isfinite(v))
            throw ConfigError("Bayesian search: the reference point holds a non-finite value (" + std::to_string(v) + ")");
    if (options.chooseObjective >= static_cast<int>(k))
        throw ConfigError("Bayesian search: chooseObjective " + std::to_string(options.chooseObjective) + " but only " +
                          std::to_string(k) + " objectives");
    torch::Device device = torch::kCPU;
    try {
        device = torch::Device(options.device);
    } catch (const c10::Error&) {
        throw ConfigError("Bayesian search: unknown device '" + options.device + "'");
    }

    SearchResult result;
    result.objectives = objectives;
    result.referencePoint = options.referencePoint;
    result.relevance.assign(k, {});
    SearchRng rng(options.seed);
    std::vector<GpHyperparameters> warm(k);
    std::set<Point> tried;
    std::vector<Point> xs;       // finite trials
    std::vector<Objectives> ys;  // their values, maximisation orientation

    for (int t = 0; t < options.totalTrials; ++t) {
        if (isCancelled && isCancelled()) {
            result.cancelled = true;
            break;
        }
        Trial trial;
        trial.index = t;
        const auto trialStart = Clock::now();
        const bool useModel = !options.randomOnly && t >= options.initialTrials && ys.size() >= 2;
        if (useModel) {
            const Proposal p = propose(space, xs, ys, toMax(result.referencePoint, objectives), options, device, rng,
                                       warm, result.relevance, tried);
            trial.initial = false;
            trial.x = p.x.empty() ? randomPoint(space, rng, tried) : p.x;
            trial.acquisition = p.acquisition;
            trial.gpSeconds = p.gpSeconds;
            trial.acquisitionSeconds = p.acquisitionSeconds;
        } else {
            trial.x = randomPoint(space, rng, tried);
        }
        trial.modelSeconds = trial.gpSeconds + trial.acquisitionSeconds;
        trial.description = space.describe(trial.x);

        const auto objectiveStart = Clock::now();
        try {
            trial.objectives = objective(trial.x, t);
        } catch (const CancelledError&) {
            result.cancelled = true;
            break;
        } catch (const TrialFailure& e) {
            trial.objectives.assign(k, std::nan(""));
            trial.failure = e.what();
            if (trial.failure.empty())
                trial.failure = "the objective failed";
        }
        trial.objectiveSeconds = secondsSince(objectiveStart);
        if (trial.objectives.size() != k)
            throw ShapeError("Bayesian search: the objective returned " + std::to_string(trial.objectives.size()) +
                             " values for " + std::to_string(k) + " objectives at trial " + std::to_string(t));
        tried.insert(trial.x);
        if (trial.failure.empty() && allFinite(trial.objectives)) {
            xs.push_back(trial.x);
            ys.push_back(toMax(trial.objectives, objectives));
        } else {
            if (trial.failure.empty())
                trial.failure = nonFiniteReason(trial.objectives, objectives);
            log::warning("Bayesian search: trial " + std::to_string(t) + " failed (" + trial.failure + "), left out");
        }
        if (result.referencePoint.empty() && t + 1 >= options.initialTrials && !ys.empty())
            result.referencePoint = toMax(deriveReference(ys), objectives);
        result.trials.push_back(trial);
        summariseSearch(result, options.chooseObjective);
        result.trials.back().wallSeconds = secondsSince(trialStart);
        if (onTrial)
            onTrial(result.trials.back(), result);
    }
    summariseSearch(result, options.chooseObjective);
    return result;
}

} // namespace persona::search
