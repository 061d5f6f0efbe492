#include "core/data/user_profile.h"

#include "core/common/enum_names.h"
#include "core/common/error.h"
#include "core/data/genre_task.h"

#include <algorithm>
#include <cstdio>

namespace persona::data {

namespace {
constexpr EnumName<PromptContent> kPromptContentNames[] = {
    {PromptContent::History, "history"},
    {PromptContent::Profile, "profile"},
    {PromptContent::ProfileHistory, "profile-history", {"both", "profile+history"}}};

std::string oneDecimal(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}
} // namespace

const char* promptContentName(PromptContent content)
{
    return enumName(kPromptContentNames, content);
}

PromptContent parsePromptContent(const std::string& name)
{
    if (const auto c = enumFromName(kPromptContentNames, name))
        return *c;
    throw ConfigError("unknown prompt content '" + name + "' (expected " + enumChoices(kPromptContentNames) + ")");
}

std::vector<PromptContent> allPromptContents()
{
    return enumValues(kPromptContentNames);
}

UserProfile userProfile(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                        std::size_t extremes)
{
    UserProfile p;
    std::vector<GenreProfile> genres(ds.genres.size());
    std::vector<double> sums(ds.genres.size(), 0.0);
    double sum = 0.0;
    std::vector<std::size_t> rated;
    for (std::size_t pos : positions) {
        if (pos >= user.history.size())
            continue;
        const Interaction& x = user.history[pos];
        ++p.items;
        if (x.hasRating()) {
            ++p.rated;
            sum += x.rating;
            rated.push_back(pos);
        }
        for (auto g : ds.items[x.item].genres) {
            ++genres[g].items;
            if (x.hasRating()) {
                ++genres[g].rated;
                sums[g] += x.rating;
            }
        }
    }
    if (p.rated)
        p.meanRating = sum / static_cast<double>(p.rated);
    for (std::size_t g = 0; g < genres.size(); ++g) {
        if (genres[g].items == 0)
            continue;
        genres[g].genre = static_cast<std::uint16_t>(g);
        if (genres[g].rated)
            genres[g].meanRating = sums[g] / static_cast<double>(genres[g].rated);
        p.genres.push_back(genres[g]);
    }
    std::stable_sort(p.genres.begin(), p.genres.end(), [](const GenreProfile& a, const GenreProfile& b) {
        if (a.items != b.items)
            return a.items > b.items;
        return a.meanRating > b.meanRating;
    });
    if (rated.size() >= 2) {
        const std::size_t k = std::min(extremes, rated.size() / 2);
        // Best first, the more recent first among equals (a later position is more recent).
        std::vector<std::size_t> order = rated;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (user.history[a].rating != user.history[b].rating)
                return user.history[a].rating > user.history[b].rating;
            return a > b;
        });
        p.highest.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
        p.lowest.assign(order.rbegin(), order.rbegin() + static_cast<std::ptrdiff_t>(k));
    }
    return p;
}

std::string profileText(const Dataset& ds, const User& user, const UserProfile& profile, std::size_t maxGenres)
{
    std::string out = "From " + std::to_string(profile.items) + (profile.items == 1 ? " movie" : " movies");
    if (profile.rated)
        out += ", mean rating " + oneDecimal(profile.meanRating);
    out += ":\n";
    out += profile.rated ? "Genres (movies, mean rating): " : "Genres (movies): ";
    if (profile.genres.empty())
        out += kNoGenres;
    for (std::size_t i = 0; i < profile.genres.size() && i < maxGenres; ++i) {
        const GenreProfile& g = profile.genres[i];
        out += (i ? ", " : "") + ds.genres[g.genre] + " " + std::to_string(g.items);
        if (g.rated)
            out += " (" + oneDecimal(g.meanRating) + ")";
    }
    auto items = [&](const char* label, const std::vector<std::size_t>& positions) {
        if (positions.empty())
            return;
        out += std::string("\n") + label;
        for (std::size_t i = 0; i < positions.size(); ++i) {
            const Interaction& x = user.history[positions[i]];
            out += (i ? "; " : "") + ds.items[x.item].title + " " + formatRating(x.rating);
        }
    };
    items("Rated highest: ", profile.highest);
    items("Rated lowest: ", profile.lowest);
    return out;
}

std::string shownHistoryText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                             const ItemTextOptions& options, PromptContent content, const std::string& lead)
{
    if (content == PromptContent::History)
        return lead + ", with the user's rating from 1 to 5:\n" + historyText(ds, user, positions, options);
    std::string out = lead + ", summarised, with the user's ratings from 1 to 5:\n" +
                      profileText(ds, user, userProfile(ds, user, positions));
    if (content == PromptContent::ProfileHistory)
        out += "\nThe movies, one per line:\n" + historyText(ds, user, positions, options);
    return out;
}

} // namespace persona::data
