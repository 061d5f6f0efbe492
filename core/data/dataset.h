// The in-memory model of a ratings dataset: users with chronological histories, items with title,
// genres, optional text and tags, and popularity. Leaves out parsing (dataset_loader.h) and the
// genre task built on top (genre_task.h).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace persona::data {

enum class DatasetFormat { RecBole, MovieLens100K, MovieLens1M, MovieLensCsv, JsonLines };

// Stable names used in JSON output and docs: "recbole", "ml-100k", "ml-1m", "ml-csv", "jsonl".
const char* datasetFormatName(DatasetFormat format);

inline constexpr float kNoRating = std::numeric_limits<float>::quiet_NaN();
inline constexpr std::int64_t kNoTimestamp = std::numeric_limits<std::int64_t>::min();

// One rating (or, for JSON Lines histories without ratings, one interaction) of a user.
struct Interaction {
    std::uint32_t item = 0; // index into Dataset::items
    float rating = kNoRating;
    std::int64_t timestamp = kNoTimestamp; // seconds since the epoch, or kNoTimestamp

    bool hasRating() const { return !std::isnan(rating); }
};

struct Item {
    std::string key;                  // the id in the source files ("242", or a JSONL item id/title)
    std::string title;                // UTF-8; MovieLens titles carry the year: "Toy Story (1995)"
    std::vector<std::uint16_t> genres; // indices into Dataset::genres, ascending, no duplicates
    std::string text;                 // optional description (JSON Lines "text")
    std::vector<std::string> tags;    // optional tags (ml-latest tags.csv, JSONL "tags"), deduplicated
    std::uint32_t popularity = 0;     // number of ratings of the item in the loaded dataset
};

struct User {
    std::string key;                  // the id in the source files
    std::vector<Interaction> history; // oldest first (ties keep file order)
};

// Counts of what the loader skipped or changed; messages holds the first few reasons.
struct LoadReport {
    std::uint64_t linesRead = 0;
    std::uint64_t skippedLines = 0;        // malformed lines skipped (non-strict mode)
    std::uint64_t duplicateRatings = 0;    // same user and item rated again: the later one is kept
    std::uint64_t unknownItemRatings = 0;  // ratings of items absent from the item file
    std::uint64_t invalidTextLines = 0;    // lines with invalid UTF-8 repaired with U+FFFD
    std::uint64_t droppedItems = 0;        // items below the minimum rating count
    std::uint64_t droppedRatings = 0;      // ratings of dropped items
    std::uint64_t droppedUsers = 0;        // users with no rating left after filtering
    std::vector<std::string> messages;     // "file:line: reason", at most kMaxMessages
    static constexpr std::size_t kMaxMessages = 20;
};

struct Dataset {
    DatasetFormat format = DatasetFormat::RecBole;
    std::string source;               // the folder or file it was read from
    std::vector<std::string> genres;  // sorted by name; "unknown"/"(no genres listed)" are not genres
    std::vector<Item> items;
    std::vector<User> users;          // sorted by key (numerically when all keys are numbers)
    LoadReport report;

    std::size_t ratingCount() const;
    // Index of the user or genre with that key/name, or nullopt. Genre lookup is exact.
    std::optional<std::size_t> findUser(std::string_view key) const;
    std::optional<std::size_t> findGenre(std::string_view name) const;
    // Item popularity at quantile q in [0, 1] over all items, with linear interpolation between
    // order statistics (numpy.quantile's default). 0 for an empty dataset.
    double popularityQuantile(double q) const;
};

} // namespace persona::data
