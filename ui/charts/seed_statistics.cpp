#include "ui/charts/seed_statistics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace persona::ui {

nlohmann::json seedFreeConfig(const nlohmann::json& config)
{
    if (!config.is_object())
        return config;
    nlohmann::json c = config;
    for (const char* key : {"seed", "name", "outputDir"})
        c.erase(key);
    if (auto train = c.find("train"); train != c.end() && train->is_object())
        train->erase("seed");
    return c;
}

QList<QList<qint64>> groupBySeed(const std::vector<RunConfigRef>& runs)
{
    QList<QList<qint64>> groups;
    std::vector<std::string> keys;
    for (const RunConfigRef& run : runs) {
        const std::string key = run.method + '\n' + seedFreeConfig(run.config).dump();
        const auto it = std::find(keys.begin(), keys.end(), key);
        if (it == keys.end()) {
            keys.push_back(key);
            groups.append(QList<qint64>{run.runId});
        } else {
            groups[static_cast<qsizetype>(it - keys.begin())].append(run.runId);
        }
    }
    return groups;
}

MeanSd meanSd(const QVector<double>& values)
{
    MeanSd r;
    double sum = 0.0;
    for (double v : values) {
        if (std::isfinite(v)) {
            sum += v;
            ++r.count;
        }
    }
    if (r.count == 0)
        return r;
    r.mean = sum / r.count;
    if (r.count > 1) {
        double squares = 0.0;
        for (double v : values)
            if (std::isfinite(v))
                squares += (v - r.mean) * (v - r.mean);
        r.sd = std::sqrt(squares / (r.count - 1));
    }
    return r;
}

MeanCurve meanCurve(const QList<Curve>& curves, Spread spread)
{
    std::map<double, QVector<double>> byStep;
    for (const Curve& curve : curves)
        for (qsizetype i = 0; i < std::min(curve.steps.size(), curve.values.size()); ++i)
            if (std::isfinite(curve.values[i]))
                byStep[curve.steps[i]].append(curve.values[i]);
    MeanCurve out;
    for (const auto& [step, values] : byStep) {
        const MeanSd m = meanSd(values);
        out.steps << step;
        out.mean << m.mean;
        out.count << m.count;
        if (spread == Spread::StdDev) {
            out.lower << m.mean - m.sd;
            out.upper << m.mean + m.sd;
        } else {
            const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
            out.lower << *lo;
            out.upper << *hi;
        }
    }
    return out;
}

} // namespace persona::ui
