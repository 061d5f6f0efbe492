// Seed groups for the Runs view: runs whose configs differ only by the seed, their mean curve with
// a spread band (sample standard deviation or min-max), and mean ± sd of final values. Plain
// functions over plain data, so they are tested without a store. Leaves out drawing (runs_view).
#pragma once

#include <nlohmann/json.hpp>

#include <QList>
#include <QVector>

#include <vector>

namespace persona::ui {

// The config with what a seed sweep changes removed: train.seed, a top-level seed, and the run's
// identity (name, outputDir), which a sweep names after the seed.
nlohmann::json seedFreeConfig(const nlohmann::json& config);

struct RunConfigRef {
    qint64 runId = 0;
    std::string method;
    nlohmann::json config;
};
// Groups runs with the same method and seed-free config, in first-appearance order; a run with
// no partner forms a group of one.
QList<QList<qint64>> groupBySeed(const std::vector<RunConfigRef>& runs);

enum class Spread { StdDev, MinMax };

// One curve: (step, value) pairs, steps ascending.
struct Curve {
    QVector<double> steps;
    QVector<double> values;
};

// At every step any curve has (NaN values skipped): the mean over the curves that have it, and
// lower/upper = mean ∓ sample sd (0 for a single value) or min/max; count = curves at that step.
struct MeanCurve {
    QVector<double> steps, mean, lower, upper;
    QVector<int> count;
};
MeanCurve meanCurve(const QList<Curve>& curves, Spread spread);

struct MeanSd {
    double mean = 0.0;
    double sd = 0.0; // sample standard deviation (n - 1); 0 for one value
    int count = 0;
};
MeanSd meanSd(const QVector<double>& values); // NaN values skipped

} // namespace persona::ui
