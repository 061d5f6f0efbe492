// Internal to core/data: collects items, genres and ratings while a format reader streams its
// files, applies the strict / skip policy for bad lines, and finishes the Dataset (duplicates,
// minimum rating filter, popularity, sorting). Leaves out parsing itself.
#pragma once

#include "core/data/dataset.h"
#include "core/data/dataset_loader.h"
#include "core/data/line_reader.h"

#include <functional>
#include <string>
#include <string_view>

namespace persona::data::detail {

// String key -> index map with open addressing. (libstdc++ 12's heterogeneous unordered_map
// lookup scans linearly and made loading 25M ratings take minutes.)
class KeyMap {
public:
    std::optional<std::uint32_t> find(std::string_view key) const;
    // Adds key -> value; the key must be absent.
    void insert(std::string_view key, std::uint32_t value);
    std::size_t size() const { return m_keys.size(); }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t entry = kEmpty; // index into m_keys / m_values
    };
    static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;
    void grow();

    std::vector<Slot> m_slots;
    std::vector<std::string> m_keys;
    std::vector<std::uint32_t> m_values;
};

class DatasetBuilder {
public:
    DatasetBuilder(DatasetFormat format, std::string source, const LoadOptions& options);

    const LoadOptions& options() const { return m_options; }
    LoadReport& report() { return m_report; }

    // A malformed line: throws FormatError in strict mode, else counts and records it.
    void badLine(const LineReader& reader, const std::string& reason);
    // Text of a UTF-8 format file: repaired (and counted) or rejected in strict mode.
    std::string utf8Text(const LineReader& reader, std::string_view text);

    // Genre names are trimmed; empty, "unknown" and "(no genres listed)" yield no genre (-1).
    int genre(std::string_view name);
    // Adds an item; a repeated key returns the existing index (the first definition wins).
    std::uint32_t addItem(std::string_view key, std::string title, std::vector<int> genres,
                          std::string text = {});
    // Whether an item file's line may define `key`: a key defined on an earlier line is a bad line
    // (strict: FormatError naming the file and line; otherwise skipped, counted and reported, and
    // false), not silently merged into the first definition. Readers ask before they read the
    // line's genres, so a skipped line adds no genre to the dataset.
    bool isNewItemLine(const LineReader& reader, std::string_view key);
    std::optional<std::uint32_t> findItem(std::string_view key) const;
    Item& item(std::uint32_t index) { return m_items[index]; }
    std::size_t itemCount() const { return m_items.size(); }
    // A rating of an item absent from the item file: throws in strict mode, else counted.
    void unknownItem(const LineReader& reader, std::string_view key);
    std::uint32_t user(std::string_view key);
    void addRating(std::uint32_t user, std::uint32_t item, float rating, std::int64_t timestamp);

    // Sorts, deduplicates, filters and returns the Dataset; throws FormatError when nothing is left.
    // A history is sorted by timestamp (stable) when all its interactions have one, else it keeps
    // the order the ratings were added.
    Dataset finish();

private:
    void message(const std::string& text);

    DatasetFormat m_format;
    std::string m_source;
    LoadOptions m_options;
    LoadReport m_report;
    KeyMap m_genreIds;
    std::vector<std::string> m_genres;
    KeyMap m_itemIds;
    std::vector<Item> m_items;
    KeyMap m_userIds;
    std::vector<User> m_users;
    std::uint64_t m_ratingsAdded = 0;
    std::string m_lastUserKey; // rating files are grouped by user: skip the lookup on a repeat
    std::uint32_t m_lastUser = 0;
};

// The format readers (one per format, in *_reader.cpp). path is the folder (GroupLens formats),
// the .inter file (RecBole) or the .jsonl file.
Dataset readMovieLens100K(const std::string& dir, const LoadOptions& options);
Dataset readMovieLens1M(const std::string& dir, const LoadOptions& options);
Dataset readMovieLensCsv(const std::string& dir, const LoadOptions& options);
Dataset readRecBole(const std::string& interFile, const LoadOptions& options);
Dataset readJsonLines(const std::string& file, const LoadOptions& options);

} // namespace persona::data::detail
