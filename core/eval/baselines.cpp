#include "core/eval/baselines.h"

#include <algorithm>
#include <numeric>

namespace persona::eval {

data::GenreLabels popularBaseline(const data::Dataset& ds, const std::vector<std::size_t>& users, std::size_t k)
{
    std::vector<std::size_t> liked(ds.genres.size(), 0), disliked(ds.genres.size(), 0);
    for (std::size_t u : users) {
        if (u >= ds.users.size())
            continue;
        const data::GenreLabels l = data::genreLabels(ds, ds.users[u]);
        for (auto g : l.liked)
            ++liked[g];
        for (auto g : l.disliked)
            ++disliked[g];
    }
    const auto top = [&](const std::vector<std::size_t>& counts, const std::vector<std::uint16_t>& skip) {
        std::vector<std::uint16_t> order;
        for (std::size_t g = 0; g < counts.size(); ++g)
            if (counts[g] > 0 && std::find(skip.begin(), skip.end(), g) == skip.end())
                order.push_back(static_cast<std::uint16_t>(g));
        std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return counts[a] > counts[b]; });
        order.resize(std::min(k, order.size()));
        return order;
    };
    data::GenreLabels labels;
    labels.liked = top(liked, {});
    labels.disliked = top(disliked, labels.liked);
    return labels;
}

data::GenreLabels countingBaseline(const data::Dataset& ds, const data::User& user,
                                   const std::vector<std::size_t>& positions, std::size_t k)
{
    std::vector<std::size_t> counts(ds.genres.size(), 0);
    for (std::size_t pos : positions) {
        if (pos >= user.history.size())
            continue;
        for (auto g : ds.items[user.history[pos].item].genres)
            ++counts[g];
    }
    std::vector<std::uint16_t> present;
    for (std::size_t g = 0; g < counts.size(); ++g) {
        if (counts[g] > 0)
            present.push_back(static_cast<std::uint16_t>(g));
    }
    std::stable_sort(present.begin(), present.end(), [&](auto a, auto b) { return counts[a] > counts[b]; });
    data::GenreLabels labels;
    const std::size_t nLiked = std::min(k, present.size());
    labels.liked.assign(present.begin(), present.begin() + static_cast<std::ptrdiff_t>(nLiked));
    std::vector<std::uint16_t> rest(present.begin() + static_cast<std::ptrdiff_t>(nLiked), present.end());
    std::stable_sort(rest.begin(), rest.end(), [&](auto a, auto b) {
        if (counts[a] != counts[b])
            return counts[a] < counts[b];
        return a < b;
    });
    rest.resize(std::min(k, rest.size()));
    labels.disliked = std::move(rest);
    return labels;
}

data::GenreLabels sampledRuleBaseline(const data::Dataset& ds, const data::User& user,
                                      const std::vector<std::size_t>& positions, const data::LabelConfig& config,
                                      std::uint32_t minGenreCount)
{
    data::User shown;
    shown.key = user.key;
    for (std::size_t pos : positions)
        if (pos < user.history.size())
            shown.history.push_back(user.history[pos]);
    data::LabelConfig c = config;
    c.minGenreCount = minGenreCount;
    return data::genreLabels(ds, shown, c);
}

ChatPrompt zeroShotPrompt(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                          const data::ItemTextOptions& options, data::PromptContent content)
{
    ChatPrompt p;
    p.system = "You are a helpful assistant that infers a person's taste in movies from their ratings.";
    std::string genres;
    for (std::size_t g = 0; g < ds.genres.size(); ++g)
        genres += (g ? ", " : "") + ds.genres[g];
    p.user = data::shownHistoryText(ds, user, positions, options, content, "Here are movies a user watched");
    p.user += "\nWhich genres does this user like, and which do they not like? Choose up to 3 of each from: " + genres +
              ".\nAnswer in exactly this format, writing None for an empty list:\n"
              "Liked Genres: <genre>, <genre>. Not Liked Genres: <genre>";
    return p;
}

} // namespace persona::eval
