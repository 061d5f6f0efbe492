// Class-weighted, micro and macro precision / recall / F1 of predicted liked and disliked genres
// over the 2 x |genres| classes (liked:G, disliked:G), computed like scikit-learn's
// precision_recall_fscore_support on multilabel indicator matrices with zero_division=0.
// Names outside the vocabulary become extra classes with no support: they lower micro and macro
// scores and, as in scikit-learn, carry no weight in the weighted average.
#pragma once

#include "core/data/genre_task.h"
#include "core/eval/genre_parser.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace persona::eval {

struct PrfScores {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
};

struct ClassCounts {
    std::string label; // "liked:Drama", "disliked:Horror", "liked:?<key>" for unknown names
    std::uint64_t truePositives = 0;
    std::uint64_t falsePositives = 0;
    std::uint64_t falseNegatives = 0;
    std::uint64_t support() const { return truePositives + falseNegatives; }
    PrfScores scores() const;
};

struct ClassificationReport {
    PrfScores weighted; // the PERSOMA metric
    PrfScores micro;
    PrfScores macro;    // unweighted mean over all classes, unknown-name classes included
    std::size_t samples = 0;
    std::vector<ClassCounts> classes; // 2 x |genres| (liked then disliked, genre order), then unknowns
};

// Accumulates one (truth, prediction) pair per user; result() and crossUserF1() may be called at
// any time.
class MultiLabelScorer {
public:
    explicit MultiLabelScorer(std::vector<std::string> genres);

    void add(const data::GenreLabels& truth, const ParsedGenres& prediction);
    void add(const data::GenreLabels& truth, const data::GenreLabels& prediction);
    ClassificationReport result() const;
    // The pairs added so far, each prediction scored against other users' truths (the free
    // crossUserF1 below); NaN for fewer than two pairs.
    double crossUserF1() const;

private:
    void tally(const data::GenreLabels& truth, const ParsedGenres& prediction);
    void count(const std::vector<std::uint16_t>& truth, const std::vector<std::uint16_t>& predicted, std::size_t offset);
    std::uint64_t& unknownFalsePositives(const std::string& label);

    std::vector<std::string> m_genres;
    std::vector<ClassCounts> m_classes;
    std::map<std::string, std::size_t> m_unknown; // label -> index in m_classes
    std::size_t m_samples = 0;
    std::vector<data::GenreLabels> m_truths; // every pair added, in order, for crossUserF1()
    std::vector<ParsedGenres> m_predictions;
};

// Class-weighted F1 of every user's prediction scored against other users' truths: the mean over
// the n - 1 cyclic shifts s of the F1 of the pairs (truth (i + s) mod n, prediction i). A method that
// writes one answer for everyone scores exactly its own F1 here, so F1 minus this is what the
// answers owe to their own user's history. NaN for fewer than two users; ShapeError when the two
// lists differ in length.
double crossUserF1(const std::vector<std::string>& genres, const std::vector<data::GenreLabels>& truths,
                   const std::vector<ParsedGenres>& predictions);

} // namespace persona::eval
