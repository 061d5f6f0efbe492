#include "core/eval/classification_metrics.h"

#include "core/common/error.h"

#include <algorithm>
#include <limits>

namespace persona::eval {

namespace {

double ratio(double a, double b)
{
    return b > 0.0 ? a / b : 0.0;
}

double harmonic(double p, double r)
{
    return p + r > 0.0 ? 2.0 * p * r / (p + r) : 0.0;
}

} // namespace

PrfScores ClassCounts::scores() const
{
    PrfScores s;
    s.precision = ratio(static_cast<double>(truePositives), static_cast<double>(truePositives + falsePositives));
    s.recall = ratio(static_cast<double>(truePositives), static_cast<double>(truePositives + falseNegatives));
    s.f1 = harmonic(s.precision, s.recall);
    return s;
}

MultiLabelScorer::MultiLabelScorer(std::vector<std::string> genres) : m_genres(std::move(genres))
{
    for (const char* side : {"liked:", "disliked:"}) {
        for (const auto& g : m_genres) {
            ClassCounts c;
            c.label = side + g;
            m_classes.push_back(std::move(c));
        }
    }
}

void MultiLabelScorer::count(const std::vector<std::uint16_t>& truth, const std::vector<std::uint16_t>& predicted,
                             std::size_t offset)
{
    std::vector<char> t(m_genres.size(), 0), p(m_genres.size(), 0);
    for (auto g : truth) {
        if (g < t.size())
            t[g] = 1;
    }
    for (auto g : predicted) {
        if (g < p.size())
            p[g] = 1;
    }
    for (std::size_t g = 0; g < m_genres.size(); ++g) {
        ClassCounts& c = m_classes[offset + g];
        if (t[g] && p[g])
            ++c.truePositives;
        else if (p[g])
            ++c.falsePositives;
        else if (t[g])
            ++c.falseNegatives;
    }
}

std::uint64_t& MultiLabelScorer::unknownFalsePositives(const std::string& label)
{
    auto it = m_unknown.find(label);
    if (it == m_unknown.end()) {
        ClassCounts c;
        c.label = label;
        m_classes.push_back(std::move(c));
        it = m_unknown.emplace(label, m_classes.size() - 1).first;
    }
    return m_classes[it->second].falsePositives;
}

void MultiLabelScorer::add(const data::GenreLabels& truth, const ParsedGenres& prediction)
{
    m_truths.push_back(truth);
    m_predictions.push_back(prediction);
    tally(truth, prediction);
}

void MultiLabelScorer::tally(const data::GenreLabels& truth, const ParsedGenres& prediction)
{
    ++m_samples;
    count(truth.liked, prediction.liked, 0);
    count(truth.disliked, prediction.disliked, m_genres.size());
    for (const auto& key : prediction.unknownLiked)
        ++unknownFalsePositives("liked:?" + key);
    for (const auto& key : prediction.unknownDisliked)
        ++unknownFalsePositives("disliked:?" + key);
}

void MultiLabelScorer::add(const data::GenreLabels& truth, const data::GenreLabels& prediction)
{
    ParsedGenres p;
    p.liked = prediction.liked;
    p.disliked = prediction.disliked;
    add(truth, p);
}

ClassificationReport MultiLabelScorer::result() const
{
    ClassificationReport r;
    r.samples = m_samples;
    r.classes = m_classes;
    double tp = 0, fp = 0, fn = 0, support = 0;
    for (const ClassCounts& c : m_classes) {
        const PrfScores s = c.scores();
        const auto w = static_cast<double>(c.support());
        r.weighted.precision += w * s.precision;
        r.weighted.recall += w * s.recall;
        r.weighted.f1 += w * s.f1;
        r.macro.precision += s.precision;
        r.macro.recall += s.recall;
        r.macro.f1 += s.f1;
        tp += static_cast<double>(c.truePositives);
        fp += static_cast<double>(c.falsePositives);
        fn += static_cast<double>(c.falseNegatives);
        support += w;
    }
    for (double* v : {&r.weighted.precision, &r.weighted.recall, &r.weighted.f1})
        *v = ratio(*v, support);
    const auto n = static_cast<double>(m_classes.size());
    for (double* v : {&r.macro.precision, &r.macro.recall, &r.macro.f1})
        *v = ratio(*v, n);
    r.micro.precision = ratio(tp, tp + fp);
    r.micro.recall = ratio(tp, tp + fn);
    r.micro.f1 = harmonic(r.micro.precision, r.micro.recall);
    return r;
}

double MultiLabelScorer::crossUserF1() const
{
    const std::size_t n = m_truths.size();
    if (n < 2)
        return std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0;
    for (std::size_t shift = 1; shift < n; ++shift) {
        MultiLabelScorer shifted(m_genres);
        for (std::size_t i = 0; i < n; ++i)
            shifted.tally(m_truths[(i + shift) % n], m_predictions[i]);
        sum += shifted.result().weighted.f1;
    }
    return sum / static_cast<double>(n - 1);
}

double crossUserF1(const std::vector<std::string>& genres, const std::vector<data::GenreLabels>& truths,
                   const std::vector<ParsedGenres>& predictions)
{
    if (truths.size() != predictions.size())
        throw ShapeError("crossUserF1: " + std::to_string(truths.size()) + " truths for " +
                         std::to_string(predictions.size()) + " predictions");
    MultiLabelScorer scorer(genres);
    for (std::size_t i = 0; i < truths.size(); ++i)
        scorer.add(truths[i], predictions[i]);
    return scorer.crossUserF1();
}

} // namespace persona::eval
