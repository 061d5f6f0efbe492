#include "core/data/genre_task.h"

#include <algorithm>
#include <cstdio>

namespace persona::data {

namespace {

struct GenreStat {
    std::uint16_t genre = 0;
    std::uint32_t count = 0;
    double sum = 0.0;
    double mean() const { return sum / count; }
};

std::string joinGenres(const Dataset& ds, const std::vector<std::uint16_t>& ids)
{
    if (ids.empty())
        return kNoGenres;
    std::string out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i)
            out += ", ";
        out += ds.genres[ids[i]];
    }
    return out;
}

} // namespace

GenreLabels genreLabels(const Dataset& ds, const User& user, const LabelConfig& config)
{
    std::vector<GenreStat> stats(ds.genres.size());
    for (std::size_t g = 0; g < stats.size(); ++g)
        stats[g].genre = static_cast<std::uint16_t>(g);
    for (const Interaction& x : user.history) {
        if (!x.hasRating())
            continue;
        for (auto g : ds.items[x.item].genres) {
            ++stats[g].count;
            stats[g].sum += x.rating;
        }
    }
    std::vector<GenreStat> liked, disliked;
    for (const GenreStat& s : stats) {
        if (s.count == 0 || s.count < config.minGenreCount)
            continue;
        if (s.mean() > config.likedAbove)
            liked.push_back(s);
        else if (s.mean() < config.dislikedBelow)
            disliked.push_back(s);
    }
    // Genres are sorted by name in the dataset, so the genre index breaks the last tie by name.
    std::sort(liked.begin(), liked.end(), [](const GenreStat& a, const GenreStat& b) {
        if (a.mean() != b.mean())
            return a.mean() > b.mean();
        if (a.count != b.count)
            return a.count > b.count;
        return a.genre < b.genre;
    });
    std::sort(disliked.begin(), disliked.end(), [](const GenreStat& a, const GenreStat& b) {
        if (a.mean() != b.mean())
            return a.mean() < b.mean();
        if (a.count != b.count)
            return a.count > b.count;
        return a.genre < b.genre;
    });
    GenreLabels labels;
    for (std::size_t i = 0; i < liked.size() && i < config.maxLiked; ++i)
        labels.liked.push_back(liked[i].genre);
    for (std::size_t i = 0; i < disliked.size() && i < config.maxDisliked; ++i)
        labels.disliked.push_back(disliked[i].genre);
    return labels;
}

std::string targetText(const Dataset& ds, const GenreLabels& labels)
{
    return "Liked Genres: " + joinGenres(ds, labels.liked) + ". Not Liked Genres: " + joinGenres(ds, labels.disliked);
}

std::string formatRating(float rating)
{
    char buf[32];
    if (rating == static_cast<float>(static_cast<long long>(rating)))
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(rating));
    else
        std::snprintf(buf, sizeof buf, "%g", static_cast<double>(rating));
    return buf;
}

std::string itemText(const Dataset& ds, const Interaction& interaction, const ItemTextOptions& options)
{
    const Item& item = ds.items[interaction.item];
    std::vector<std::string> parts;
    if (options.title && !item.title.empty())
        parts.push_back("Title: " + item.title);
    if (options.genres && !item.genres.empty())
        parts.push_back("Genres: " + joinGenres(ds, item.genres));
    if (options.description && !item.text.empty())
        parts.push_back("Description: " + item.text);
    if (options.tags && !item.tags.empty()) {
        std::string tags;
        for (std::size_t i = 0; i < item.tags.size() && i < options.maxTags; ++i)
            tags += (i ? ", " : "") + item.tags[i];
        parts.push_back("Tags: " + tags);
    }
    if (options.rating && interaction.hasRating())
        parts.push_back("Rating: " + formatRating(interaction.rating));
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i)
        out += (i ? ", " : "") + parts[i];
    return out;
}

std::string historyText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                        const ItemTextOptions& options)
{
    std::string out;
    for (std::size_t pos : positions) {
        if (pos >= user.history.size())
            continue;
        out += itemText(ds, user.history[pos], options);
        out += '\n';
    }
    return out;
}

LabelDistribution labelDistribution(const Dataset& ds, const LabelConfig& config)
{
    LabelDistribution dist;
    dist.genres.resize(ds.genres.size());
    for (std::size_t g = 0; g < ds.genres.size(); ++g)
        dist.genres[g].genre = ds.genres[g];
    for (const User& user : ds.users) {
        const GenreLabels labels = genreLabels(ds, user, config);
        ++dist.users;
        if (!labels.empty())
            ++dist.usersWithLabels;
        for (auto g : labels.liked)
            ++dist.genres[g].liked;
        for (auto g : labels.disliked)
            ++dist.genres[g].disliked;
        dist.liked += labels.liked.size();
        dist.disliked += labels.disliked.size();
    }
    std::stable_sort(dist.genres.begin(), dist.genres.end(), [](const GenreLabelCount& a, const GenreLabelCount& b) {
        return a.liked + a.disliked > b.liked + b.disliked;
    });
    return dist;
}

} // namespace persona::data
