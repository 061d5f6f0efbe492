// The next-item task (MiLP's "next user content prediction" on rating histories): which item is
// the target, its text, the text-prompting prompt and the history text Persona-F1 compares with.
// Leaves out building examples (methods/examples.h) and the metrics (eval/text_metrics.h).
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"
#include "core/data/user_profile.h"

#include <cstddef>
#include <string>
#include <vector>

namespace persona::data {

inline constexpr const char* kNextItemInstruction =
    "Predict the next movie this user will rate. Answer with its title only, written as: Title (Year)";

// The target phrase of an item: its title as the dataset stores it. MovieLens titles carry the
// year ("Toy Story (1995)"; the RecBole reader appends release_year the same way), so the phrase
// is "Title (Year)" where a year is known and "Title" otherwise; an item without a title gives
// its key.
std::string nextItemText(const Dataset& ds, const Item& item);

// The nextItemText of each given history position, one per line, in the given order: the user's
// content that Persona-F1 compares the output with.
std::string nextItemHistoryText(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions);

// Position (into user.history) of the target when the last `holdout` items are held out: the
// first held-out item, history.size() - holdout. Throws ConfigError naming the user when holdout
// is 0 or the user has no item before the held-out ones.
std::size_t nextItemTarget(const User& user, std::size_t holdout);

struct NextItemPrompt {
    std::string system;
    std::string user; // the serialised history (chronological), then the instruction
};
// The text-prompting prompt (zero-shot and fine-tuned): the given history positions as itemText
// lines (or their profile, or both: shownHistoryText), then `instruction`.
NextItemPrompt nextItemPrompt(const Dataset& ds, const User& user, const std::vector<std::size_t>& positions,
                              const ItemTextOptions& options = {},
                              const std::string& instruction = kNextItemInstruction,
                              PromptContent content = PromptContent::History);

} // namespace persona::data
