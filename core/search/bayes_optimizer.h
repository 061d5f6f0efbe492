// The Bayesian-optimisation loop (MiLP's search, or any black box over a SearchSpace): random
// initial trials, then per trial one GP per objective (SAAS prior, MAP) and the Monte-Carlo
// expected hypervolume improvement maximised over a pool of random and mutated points. The caller
// supplies the objective (point -> values) and gets a callback per trial. Torch-free header; leaves
// out what a trial does (MiLP trains LoRAs in it) and persistence.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/search/pareto.h"
#include "core/search/search_space.h"

namespace persona::search {

enum class Direction { Minimise, Maximise };

struct ObjectiveSpec {
    std::string name;
    Direction direction = Direction::Maximise;
};

struct BayesOptions {
    int initialTrials = 5;        // random points before the first GP (the paper used 100)
    int totalTrials = 30;         // initial + BO trials
    std::uint64_t seed = 0;
    bool randomOnly = false;      // random search with the same budget (the baseline)
    // Hypervolume reference in the objectives' own units and directions (finite values); empty:
    // derived once from the initial trials as nadir - 10% of the range per objective (BoTorch's rule).
    std::vector<double> referencePoint;
    // Which trial is "chosen": -1 the knee of the Pareto front (see pareto.h), otherwise the front
    // point best on that objective (MiLP passes its validation metric).
    int chooseObjective = -1;
    int mcSamples = 128;          // Monte-Carlo samples of the acquisition
    int randomCandidates = 512;   // pool: uniform random points
    int localCandidates = 512;    // pool: mutations of the incumbent front (split over scales)
    int refineCandidates = 256;   // second round: small mutations of the pool's 4 best
    int gpRestarts = 2;           // GP MAP restarts besides the default and warm starts
    int gpIterations = 40;        // L-BFGS iterations per restart
    std::string device = "cpu";   // torch device for the GP ("cpu", "cuda", "cuda:1")
};

struct Trial {
    int index = 0;
    Point x;                        // encoded point
    std::string description;        // SearchSpace::describe(x)
    std::vector<double> objectives; // in the caller's units; NaN when the trial failed
    std::string failure;            // why the trial failed ("" when it succeeded); failed trials stay
                                    // out of the model, the front and the hypervolume
    bool initial = true;            // random initial trial (or random-search baseline)
    double acquisition = 0.0;       // expected improvement at x when chosen by the acquisition
    // Of the front after this trial; always finite: 0 while no trial succeeded, and until the
    // reference point is fixed (after the initial trials) w.r.t. a provisional one derived the same
    // way from the successful trials so far (summariseSearch recomputes the history once it is fixed).
    double hypervolume = 0.0;
    double gpSeconds = 0.0;         // fitting the GPs that proposed this trial (0 for random trials)
    double acquisitionSeconds = 0.0; // building the pool and maximising the acquisition
    double modelSeconds = 0.0;      // gpSeconds + acquisitionSeconds
    double objectiveSeconds = 0.0;  // the caller's objective
    double wallSeconds = 0.0;       // the whole trial: proposal, objective and bookkeeping (>= the parts)
};

// Thrown by an objective to mark its trial failed with a reason (a diverged training run, an empty
// validation set): the trial is kept with NaN objectives and `failure` = what(), and the search
// goes on. Returning a non-finite value does the same with a generic reason.
class TrialFailure : public std::runtime_error {
public:
    explicit TrialFailure(const std::string& reason) : std::runtime_error(reason) {}
};

struct SearchResult {
    std::vector<ObjectiveSpec> objectives;
    std::vector<Trial> trials;
    std::vector<int> paretoFront;       // trial indices, ascending
    int chosen = -1;                    // trial index, -1 when no trial succeeded
    std::vector<double> referencePoint; // caller's units; empty until fixed (no successful trial yet,
                                        // or still in the initial trials)
    std::vector<double> hypervolumes;   // after each trial (finite), w.r.t. referencePoint once fixed
    std::vector<std::vector<double>> relevance; // per objective, the last GP's rho [d]
    bool cancelled = false;
};

// Returns one value per objective for the encoded point; a non-finite value marks a failed trial
// (kept in the record, left out of the model and the front). Throwing CancelledError stops the
// search like the cancel check does.
using ObjectiveFunction = std::function<std::vector<double>(const Point& x, int trialIndex)>;
// Called after every trial with the trial and the result so far (front, chosen, hypervolumes).
using TrialCallback = std::function<void(const Trial& trial, const SearchResult& soFar)>;
// Polled before every trial; true stops the search and returns what was done (cancelled = true).
using CancelCheck = std::function<bool()>;

// Runs the search. Deterministic for a given seed, space and objective. Throws ConfigError for
// bad options (no objective, totalTrials < 1, a reference point of the wrong size, a bad device)
// and ShapeError when the objective returns the wrong number of values; exceptions from the
// objective other than CancelledError propagate.
SearchResult runBayesSearch(const SearchSpace& space, const std::vector<ObjectiveSpec>& objectives,
                            const ObjectiveFunction& objective, const BayesOptions& options,
                            const TrialCallback& onTrial = {}, const CancelCheck& isCancelled = {});

// Front, chosen trial and hypervolume history of `result.trials` (used by the loop after every
// trial; public so that a stored search can be re-summarised). Leaves referencePoint as it is; when
// it is empty the hypervolumes use one derived from the successful trials (0 when there is none).
void summariseSearch(SearchResult& result, int chooseObjective);

} // namespace persona::search
