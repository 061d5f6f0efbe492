// Readers for the GroupLens releases: ml-100k (u.data, u.item, u.genre; Latin-1), ml-1m
// (ratings.dat, movies.dat; "::" separated, Latin-1) and ml-latest / ml-25m (CSV, UTF-8).
#include "core/common/error.h"
#include "core/data/dataset_builder.h"

#include <filesystem>

namespace persona::data::detail {

namespace {

namespace fs = std::filesystem;

const char* const kMl100kGenres[] = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
                                     "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror",
                                     "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};

std::string inDir(const std::string& dir, const char* name)
{
    return (fs::path(dir) / name).string();
}

// MovieLens stars: 0.5 to 5.
std::optional<float> parseStars(std::string_view s)
{
    auto v = parseNumber(s);
    if (!v || *v <= 0.0 || *v > 5.0)
        return std::nullopt;
    return static_cast<float>(*v);
}

// One rating line already split into user, item, rating and timestamp fields.
void addRatingFields(DatasetBuilder& b, const LineReader& r, std::string_view userKey, std::string_view itemKey,
                     std::string_view ratingText, std::string_view timeText)
{
    userKey = trim(userKey);
    itemKey = trim(itemKey);
    const auto stars = parseStars(ratingText);
    const auto time = parseInt(timeText);
    if (userKey.empty() || itemKey.empty())
        return b.badLine(r, "empty user or item id");
    if (!stars)
        return b.badLine(r, "rating '" + std::string(ratingText.substr(0, 32)) + "' is not a number in (0, 5]");
    if (!time)
        return b.badLine(r, "timestamp '" + std::string(timeText.substr(0, 32)) + "' is not an integer");
    const auto item = b.findItem(itemKey);
    if (!item)
        return b.unknownItem(r, itemKey);
    b.addRating(b.user(userKey), *item, *stars, *time);
}

} // namespace

Dataset readMovieLens100K(const std::string& dir, const LoadOptions& options)
{
    DatasetBuilder b(DatasetFormat::MovieLens100K, dir, options);
    std::vector<std::string> genreNames(std::begin(kMl100kGenres), std::end(kMl100kGenres));
    std::vector<std::string_view> f;
    std::string_view line;
    if (fs::exists(inDir(dir, "u.genre"))) {
        genreNames.clear();
        LineReader r(inDir(dir, "u.genre"));
        while (r.next(line)) {
            ++b.report().linesRead;
            if (trim(line).empty())
                continue;
            splitFields(line, '|', f);
            const auto index = f.size() == 2 ? parseInt(f[1]) : std::nullopt;
            if (!index || *index != static_cast<std::int64_t>(genreNames.size()))
                throw FormatError(r.where("expected 'name|index' with index " + std::to_string(genreNames.size())));
            genreNames.push_back(legacyTextToUtf8(f[0]));
        }
    }
    std::vector<int> genreIds;
    for (const auto& name : genreNames)
        genreIds.push_back(b.genre(name));

    {
        LineReader r(inDir(dir, "u.item"));
        const std::size_t expected = 5 + genreNames.size();
        while (r.next(line)) {
            ++b.report().linesRead;
            if (trim(line).empty())
                continue;
            splitFields(line, '|', f);
            if (f.size() != expected) {
                b.badLine(r, "expected " + std::to_string(expected) + " '|'-separated fields, found " + std::to_string(f.size()));
                continue;
            }
            if (!trim(f[0]).empty() && !b.isNewItemLine(r, trim(f[0])))
                continue;
            std::vector<int> genres;
            bool ok = true;
            for (std::size_t g = 0; g < genreNames.size(); ++g) {
                const auto flag = trim(f[5 + g]);
                if (flag == "1")
                    genres.push_back(genreIds[g]);
                else if (flag != "0")
                    ok = false;
            }
            if (!ok || trim(f[0]).empty()) {
                b.badLine(r, ok ? "empty item id" : "genre flags must be 0 or 1");
                continue;
            }
            b.addItem(trim(f[0]), legacyTextToUtf8(trim(f[1])), std::move(genres));
        }
    }
    LineReader r(inDir(dir, "u.data"));
    while (r.next(line)) {
        ++b.report().linesRead;
        if (trim(line).empty())
            continue;
        splitFields(line, '\t', f);
        if (f.size() != 4) {
            b.badLine(r, "expected 4 tab-separated fields (user, item, rating, timestamp), found " + std::to_string(f.size()));
            continue;
        }
        addRatingFields(b, r, f[0], f[1], f[2], f[3]);
    }
    return b.finish();
}

Dataset readMovieLens1M(const std::string& dir, const LoadOptions& options)
{
    DatasetBuilder b(DatasetFormat::MovieLens1M, dir, options);
    std::vector<std::string_view> f;
    std::vector<std::string_view> names;
    std::string_view line;
    {
        LineReader r(inDir(dir, "movies.dat"));
        while (r.next(line)) {
            ++b.report().linesRead;
            if (trim(line).empty())
                continue;
            const auto first = line.find("::");
            const auto last = line.rfind("::");
            if (first == std::string_view::npos || last == first || trim(line.substr(0, first)).empty()) {
                b.badLine(r, "expected 'MovieID::Title::Genres'");
                continue;
            }
            if (!b.isNewItemLine(r, trim(line.substr(0, first))))
                continue;
            std::vector<int> genres;
            splitFields(line.substr(last + 2), '|', names);
            for (auto name : names)
                genres.push_back(b.genre(legacyTextToUtf8(name)));
            b.addItem(trim(line.substr(0, first)), legacyTextToUtf8(trim(line.substr(first + 2, last - first - 2))),
                      std::move(genres));
        }
    }
    LineReader r(inDir(dir, "ratings.dat"));
    while (r.next(line)) {
        ++b.report().linesRead;
        if (trim(line).empty())
            continue;
        splitFields(line, "::", f);
        if (f.size() != 4) {
            b.badLine(r, "expected 'UserID::MovieID::Rating::Timestamp', found " + std::to_string(f.size()) + " fields");
            continue;
        }
        addRatingFields(b, r, f[0], f[1], f[2], f[3]);
    }
    return b.finish();
}

namespace {

// Column indices of the named header fields; throws FormatError when one is missing.
std::vector<std::size_t> csvColumns(const LineReader& r, std::string_view header, std::initializer_list<const char*> wanted)
{
    std::vector<std::string> cols;
    if (!splitCsv(header, cols))
        throw FormatError(r.where("malformed CSV header"));
    std::vector<std::size_t> idx;
    for (const char* name : wanted) {
        std::size_t k = 0;
        while (k < cols.size() && trim(cols[k]) != name)
            ++k;
        if (k == cols.size())
            throw FormatError(r.where(std::string("CSV header has no '") + name + "' column"));
        idx.push_back(k);
    }
    return idx;
}

} // namespace

Dataset readMovieLensCsv(const std::string& dir, const LoadOptions& options)
{
    DatasetBuilder b(DatasetFormat::MovieLensCsv, dir, options);
    std::vector<std::string> cells;
    std::vector<std::string_view> f;
    std::string_view line;
    {
        LineReader r(inDir(dir, "movies.csv"));
        if (!r.next(line))
            throw FormatError(r.path() + ": empty file (expected a 'movieId,title,genres' header)");
        ++b.report().linesRead;
        const auto col = csvColumns(r, line, {"movieId", "title", "genres"});
        const std::size_t need = *std::max_element(col.begin(), col.end()) + 1;
        while (r.next(line)) {
            ++b.report().linesRead;
            if (trim(line).empty())
                continue;
            if (!splitCsv(line, cells) || cells.size() < need) {
                b.badLine(r, "malformed CSV line (bad quotes or fewer than " + std::to_string(need) + " fields)");
                continue;
            }
            if (trim(cells[col[0]]).empty()) {
                b.badLine(r, "empty movieId");
                continue;
            }
            if (!b.isNewItemLine(r, trim(cells[col[0]])))
                continue;
            std::vector<int> genres;
            splitFields(cells[col[2]], '|', f);
            for (auto name : f)
                genres.push_back(b.genre(b.utf8Text(r, name)));
            b.addItem(trim(cells[col[0]]), b.utf8Text(r, trim(cells[col[1]])), std::move(genres));
        }
    }
    {
        LineReader r(inDir(dir, "ratings.csv"));
        if (!r.next(line))
            throw FormatError(r.path() + ": empty file (expected a 'userId,movieId,rating,timestamp' header)");
        ++b.report().linesRead;
        const auto col = csvColumns(r, line, {"userId", "movieId", "rating", "timestamp"});
        const std::size_t need = *std::max_element(col.begin(), col.end()) + 1;
        while (r.next(line)) {
            ++b.report().linesRead;
            if (trim(line).empty())
                continue;
            if (line.find('"') == std::string_view::npos) {
                splitFields(line, ',', f); // the fast path: ratings are never quoted in practice
            } else {
                if (!splitCsv(line, cells)) {
                    b.badLine(r, "malformed CSV quotes");
                    continue;
                }
                f.assign(cells.begin(), cells.end());
            }
            if (f.size() < need) {
                b.badLine(r, "expected at least " + std::to_string(need) + " comma-separated fields, found " + std::to_string(f.size()));
                continue;
            }
            addRatingFields(b, r, f[col[0]], f[col[1]], f[col[2]], f[col[3]]);
        }
    }
    const std::string tagsPath = inDir(dir, "tags.csv");
    if (options.readTags && fs::exists(tagsPath)) {
        LineReader r(tagsPath);
        if (r.next(line)) {
            ++b.report().linesRead;
            const auto col = csvColumns(r, line, {"movieId", "tag"});
            const std::size_t need = std::max(col[0], col[1]) + 1;
            while (r.next(line)) {
                ++b.report().linesRead;
                if (trim(line).empty())
                    continue;
                if (!splitCsv(line, cells) || cells.size() < need) {
                    b.badLine(r, "malformed CSV line in tags");
                    continue;
                }
                const auto item = b.findItem(trim(cells[col[0]]));
                const std::string tag(trim(b.utf8Text(r, cells[col[1]])));
                if (!item || tag.empty())
                    continue; // tags of unknown movies carry nothing for the task
                auto& tags = b.item(*item).tags;
                if (std::find(tags.begin(), tags.end(), tag) == tags.end())
                    tags.push_back(tag);
            }
        }
    }
    return b.finish();
}

} // namespace persona::data::detail
