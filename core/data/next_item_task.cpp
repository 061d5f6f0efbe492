#include "core/data/next_item_task.h"

#include "core/common/error.h"

namespace persona::data {

std::string nextItemText(const Dataset&, const Item& item)
{
    return item.title.empty() ? item.key : item.title;
}

std::string nextItemHistoryText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions)
{
    std::string out;
    for (std::size_t pos : positions) {
        if (pos >= user.history.size())
            throw ConfigError("user " + user.key + ": history position " + std::to_string(pos) + " is past the end (" +
                              std::to_string(user.history.size()) + " items)");
        if (!out.empty())
            out += '\n';
        out += nextItemText(ds, ds.items.at(user.history[pos].item));
    }
    return out;
}

std::size_t nextItemTarget(const User& user, std::size_t holdout)
{
    if (holdout == 0)
        throw ConfigError("next-item task: holdout must be at least 1");
    if (user.history.size() <= holdout)
        throw ConfigError("user " + user.key + " has " + std::to_string(user.history.size()) +
                          " item(s): too few for the next-item task with " + std::to_string(holdout) +
                          " held out (at least one item must come before them)");
    return user.history.size() - holdout;
}

NextItemPrompt nextItemPrompt(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                              const ItemTextOptions& options, const std::string& instruction,
                              PromptContent content)
{
    NextItemPrompt p;
    p.system = "You are a helpful assistant that predicts which movie a person will watch next from their ratings.";
    p.user = shownHistoryText(ds, user, positions, options, content, "Here are the movies a user rated, oldest first");
    p.user += "\n" + instruction;
    return p;
}

} // namespace persona::data
