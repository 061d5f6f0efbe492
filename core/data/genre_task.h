// The genre-preference task of UEM / PERSOMA: each user's liked and disliked genres from their
// ratings, the history items as text, the target text, and the label distribution (docs/task.md).
// Leaves out history sampling (sampling.h), the split (user_split.h) and scoring (core/eval).
#pragma once

#include "core/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace persona::data {

struct LabelConfig {
    std::uint32_t minGenreCount = 3; // a genre counts only with at least this many rated items
    double likedAbove = 3.5;         // liked: mean rating strictly above
    double dislikedBelow = 3.0;      // disliked: mean rating strictly below
    std::size_t maxLiked = 3;
    std::size_t maxDisliked = 3;
};

struct GenreLabels {
    std::vector<std::uint16_t> liked;    // best first
    std::vector<std::uint16_t> disliked; // worst first
    bool empty() const { return liked.empty() && disliked.empty(); }
};

// Labels from the user's whole history (interactions without a rating are ignored). Ranking:
// liked by mean descending, disliked by mean ascending; ties by more rated items, then by genre
// name (ascending).
GenreLabels genreLabels(const Dataset& ds, const User& user, const LabelConfig& config = {});

// "Liked Genres: Action, Comedy. Not Liked Genres: Romance"; an empty side is written "None".
inline constexpr const char* kNoGenres = "None";
std::string targetText(const Dataset& ds, const GenreLabels& labels);

struct ItemTextOptions {
    bool title = true;
    bool genres = true;      // UEM puts the genres in the item text (MovieLens has no descriptions)
    bool description = true; // the item's text when it has one
    bool rating = true;
    bool tags = false;       // ml-latest tags.csv / JSONL tags, where present
    std::size_t maxTags = 5;
};

// "Title: Toy Story (1995), Genres: Animation, Children's, Comedy, Rating: 4" (fields in that
// order: Title, Genres, Description, Tags, Rating; a field without content is left out).
std::string itemText(const Dataset& ds, const Interaction& interaction, const ItemTextOptions& options = {});
// The given history positions as text, one item per line, in the given order.
std::string historyText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                        const ItemTextOptions& options = {});

// Ratings written as in MovieLens: "4", "3.5".
std::string formatRating(float rating);

struct GenreLabelCount {
    std::string genre;
    std::size_t liked = 0;
    std::size_t disliked = 0;
};
struct LabelDistribution {
    std::vector<GenreLabelCount> genres; // sorted by liked + disliked descending, then name
    std::size_t users = 0;               // users considered
    std::size_t usersWithLabels = 0;     // users with at least one liked or disliked genre
    std::size_t liked = 0;
    std::size_t disliked = 0;
};
// Counts labels over all users of ds (PERSOMA Table 5).
LabelDistribution labelDistribution(const Dataset& ds, const LabelConfig& config = {});

} // namespace persona::data
