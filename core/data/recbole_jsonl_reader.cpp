// Readers for RecBole atomic files (<name>.inter and optional <name>.item, tab separated, with
// "field:type" headers) and for the generic JSON Lines history format (docs/data.md).
#include "core/common/error.h"
#include "core/data/dataset_builder.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

namespace persona::data::detail {

namespace {

namespace fs = std::filesystem;

struct AtomicColumn {
    std::string name; // "item_id"
    std::string type; // "token", "token_seq", "float", "float_seq"
};

// Reads the file's first line, its "field:type" header.
std::vector<AtomicColumn> atomicHeader(LineReader& r, DatasetBuilder& b)
{
    std::string_view header;
    if (!r.next(header))
        throw FormatError(r.path() + ": empty file (expected a RecBole 'field:type' header)");
    ++b.report().linesRead;
    std::vector<std::string_view> f;
    splitFields(header, '\t', f);
    std::vector<AtomicColumn> cols;
    for (auto field : f) {
        const auto colon = field.rfind(':');
        if (colon == std::string_view::npos)
            throw FormatError(r.where("RecBole header field '" + std::string(field.substr(0, 64)) + "' has no ':type'"));
        cols.push_back({std::string(trim(field.substr(0, colon))), std::string(trim(field.substr(colon + 1)))});
    }
    return cols;
}

// Index of the first column whose name is one of names (exact), else of one containing contains.
std::optional<std::size_t> findColumn(const std::vector<AtomicColumn>& cols, std::initializer_list<const char*> names,
                                      const char* contains = nullptr)
{
    for (const char* n : names) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (cols[k].name == n)
                return k;
        }
    }
    if (contains) {
        for (std::size_t k = 0; k < cols.size(); ++k) {
            if (cols[k].name.find(contains) != std::string::npos)
                return k;
        }
    }
    return std::nullopt;
}

// Reads the next non-empty data line into f, split on tabs (views into the reader's buffer, valid
// until its next read): false at the end of the file. A line whose field count differs from the
// header's is reported to the builder and skipped.
bool nextAtomicRow(LineReader& r, DatasetBuilder& b, std::size_t columns, std::vector<std::string_view>& f)
{
    std::string_view line;
    while (r.next(line)) {
        ++b.report().linesRead;
        if (trim(line).empty())
            continue;
        splitFields(line, '\t', f);
        if (f.size() == columns)
            return true;
        b.badLine(r, "expected " + std::to_string(columns) + " tab-separated fields, found " + std::to_string(f.size()));
    }
    return false;
}

} // namespace

Dataset readRecBole(const std::string& interFile, const LoadOptions& options)
{
    DatasetBuilder b(DatasetFormat::RecBole, interFile, options);
    std::vector<std::string_view> f;
    std::vector<std::string_view> tokens;

    fs::path itemPath(interFile);
    itemPath.replace_extension(".item");
    const bool haveItems = fs::exists(itemPath);
    if (haveItems) {
        LineReader r(itemPath.string());
        const auto cols = atomicHeader(r, b);
        const auto idCol = findColumn(cols, {"item_id"});
        if (!idCol)
            throw FormatError(r.where("RecBole .item header has no item_id column"));
        const auto titleCol = findColumn(cols, {"movie_title", "title"}, "title");
        const auto yearCol = findColumn(cols, {"release_year", "year"});
        const auto genreCol = findColumn(cols, {"class", "genre", "genres", "categories"});
        const auto textCol = findColumn(cols, {"description", "text"});
        while (nextAtomicRow(r, b, cols.size(), f)) {
            const auto key = trim(f[*idCol]);
            if (key.empty()) {
                b.badLine(r, "empty item_id");
                continue;
            }
            if (!b.isNewItemLine(r, key))
                continue;
            std::string title = titleCol ? b.utf8Text(r, trim(f[*titleCol])) : std::string(key);
            if (yearCol && !trim(f[*yearCol]).empty())
                title += " (" + std::string(trim(f[*yearCol])) + ")";
            std::vector<int> genres;
            if (genreCol) {
                const auto text = b.utf8Text(r, f[*genreCol]);
                if (cols[*genreCol].type == "token_seq")
                    splitFields(text, ' ', tokens);
                else
                    tokens.assign(1, std::string_view(text));
                for (auto g : tokens)
                    genres.push_back(b.genre(g));
            }
            b.addItem(key, std::move(title), std::move(genres), textCol ? b.utf8Text(r, trim(f[*textCol])) : std::string());
        }
    }

    LineReader r(interFile);
    const auto cols = atomicHeader(r, b);
    const auto userCol = findColumn(cols, {"user_id"});
    const auto itemCol = findColumn(cols, {"item_id"});
    const auto ratingCol = findColumn(cols, {"rating", "label"});
    const auto timeCol = findColumn(cols, {"timestamp"});
    if (!userCol || !itemCol)
        throw FormatError(r.where("RecBole .inter header needs user_id and item_id columns"));
    while (nextAtomicRow(r, b, cols.size(), f)) {
        const auto userKey = trim(f[*userCol]);
        const auto itemKey = trim(f[*itemCol]);
        if (userKey.empty() || itemKey.empty()) {
            b.badLine(r, "empty user_id or item_id");
            continue;
        }
        float rating = kNoRating;
        if (ratingCol) {
            const auto v = parseNumber(f[*ratingCol]);
            if (!v) {
                b.badLine(r, "rating '" + std::string(f[*ratingCol].substr(0, 32)) + "' is not a number");
                continue;
            }
            rating = static_cast<float>(*v);
        }
        std::int64_t time = kNoTimestamp;
        if (timeCol) {
            const auto v = parseNumber(f[*timeCol]); // RecBole stores timestamps as float
            if (!v) {
                b.badLine(r, "timestamp '" + std::string(f[*timeCol].substr(0, 32)) + "' is not a number");
                continue;
            }
            // A float beyond 64-bit seconds (3.5e20) or not finite is no time: converting it
            // would be undefined behaviour (found by fuzz_dataset).
            if (!std::isfinite(*v) || *v < -0x1p63 || *v >= 0x1p63) {
                b.badLine(r, "timestamp '" + std::string(f[*timeCol].substr(0, 32)) + "' is out of range");
                continue;
            }
            time = static_cast<std::int64_t>(*v);
        }
        std::optional<std::uint32_t> item = b.findItem(itemKey);
        if (!item && haveItems) {
            b.unknownItem(r, itemKey);
            continue;
        }
        if (!item)
            item = b.addItem(itemKey, std::string(itemKey), {});
        b.addRating(b.user(userKey), *item, rating, time);
    }
    return b.finish();
}

namespace {

std::optional<std::string> jsonKey(const nlohmann::json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer())
        return v.dump();
    return std::nullopt;
}

// Reads one history line; returns an empty string when it is fine, else the reason.
std::string readJsonUser(DatasetBuilder& b, const nlohmann::json& j)
{
    if (!j.is_object())
        return "a line must be a JSON object";
    const auto idIt = j.find("id");
    const auto itemsIt = j.find("items");
    if (idIt == j.end() || !jsonKey(*idIt))
        return "missing \"id\" (string or integer)";
    if (itemsIt == j.end() || !itemsIt->is_array())
        return "missing \"items\" array";
    struct Pending {
        std::string key, title, text;
        std::vector<std::string> categories, tags;
        float rating = kNoRating;
        std::int64_t time = kNoTimestamp;
    };
    std::vector<Pending> pending;
    for (const auto& it : *itemsIt) {
        Pending p;
        if (!it.is_object())
            return "each item must be an object";
        const auto title = it.find("title");
        if (title == it.end() || !title->is_string() || title->get<std::string>().empty())
            return "item without a \"title\" string";
        p.title = title->get<std::string>();
        p.key = p.title;
        if (auto k = it.find("item_id"); k != it.end()) {
            auto key = jsonKey(*k);
            if (!key)
                return "\"item_id\" must be a string or integer";
            p.key = *key;
        }
        if (auto t = it.find("text"); t != it.end()) {
            if (!t->is_string())
                return "\"text\" must be a string";
            p.text = t->get<std::string>();
        }
        if (auto r = it.find("rating"); r != it.end() && !r->is_null()) {
            if (!r->is_number())
                return "\"rating\" must be a number";
            p.rating = r->get<float>();
        }
        if (auto t = it.find("timestamp"); t != it.end() && !t->is_null()) {
            if (!t->is_number())
                return "\"timestamp\" must be a number (seconds since the epoch)";
            p.time = t->is_number_integer() ? t->get<std::int64_t>() : static_cast<std::int64_t>(t->get<double>());
        }
        for (const char* field : {"categories", "tags"}) {
            auto c = it.find(field);
            if (c == it.end())
                continue;
            if (!c->is_array())
                return std::string("\"") + field + "\" must be an array of strings";
            for (const auto& s : *c) {
                if (!s.is_string())
                    return std::string("\"") + field + "\" must be an array of strings";
                (field[0] == 'c' ? p.categories : p.tags).push_back(s.get<std::string>());
            }
        }
        pending.push_back(std::move(p));
    }
    const auto user = b.user(*jsonKey(*idIt));
    for (auto& p : pending) {
        const bool isNew = !b.findItem(p.key);
        std::vector<int> genres;
        for (const auto& c : p.categories)
            genres.push_back(b.genre(c));
        const auto item = b.addItem(p.key, p.title, std::move(genres), p.text);
        if (isNew) {
            for (auto& t : p.tags) {
                auto& tags = b.item(item).tags;
                if (std::find(tags.begin(), tags.end(), t) == tags.end())
                    tags.push_back(t);
            }
        }
        b.addRating(user, item, p.rating, p.time);
    }
    return {};
}

} // namespace

Dataset readJsonLines(const std::string& file, const LoadOptions& options)
{
    DatasetBuilder b(DatasetFormat::JsonLines, file, options);
    LineReader r(file);
    std::string_view line;
    while (r.next(line)) {
        ++b.report().linesRead;
        if (trim(line).empty())
            continue;
        const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (j.is_discarded()) {
            b.badLine(r, "not valid JSON (or not valid UTF-8)");
            continue;
        }
        const std::string problem = readJsonUser(b, j);
        if (!problem.empty())
            b.badLine(r, problem);
    }
    return b.finish();
}

} // namespace persona::data::detail
