// The baselines that need no training: Counting (PERSOMA section 4: the most and least frequent
// genres of the sampled history) and the prompt of zero-shot text prompting (the decoder that
// answers it lives in runtime/methods). Leaves out chat templates and token counting.
#pragma once

#include "core/data/dataset.h"
#include "core/data/genre_task.h"
#include "core/data/user_profile.h"

#include <cstddef>
#include <string>
#include <vector>

namespace persona::eval {

// Counts each genre over the sampled items (positions into user.history). Liked: the k most
// frequent; disliked: the k least frequent of the genres present that are not liked, least
// frequent first. Ties go to the genre that comes first by name (dataset genres are sorted).
// Ratings are not used.
data::GenreLabels countingBaseline(const data::Dataset& ds, const data::User& user,
                                   const std::vector<std::size_t>& positions, std::size_t k = 3);

// The same answer for everyone: the k genres most often among `users`' liked labels (the training
// users, say), and the k most often among their disliked labels that are not liked. Ties go to the
// genre that comes first by name. What a model that learnt the population's favourites but not the
// user would write; a personalized method has to beat it. Indices out of range are ignored.
data::GenreLabels popularBaseline(const data::Dataset& ds, const std::vector<std::size_t>& users, std::size_t k = 3);

// The labelling rule itself (data::genreLabels) applied to the sampled items only, with
// minGenreCount lowered to `minGenreCount` (a 10-item history rarely rates a genre 3 times): what
// reading the shown history by the exact rule that made the truth gives. A reference for how much
// the sampled history can tell, not a method from the paper. Positions out of range are ignored.
data::GenreLabels sampledRuleBaseline(const data::Dataset& ds, const data::User& user,
                                      const std::vector<std::size_t>& positions, const data::LabelConfig& config = {},
                                      std::uint32_t minGenreCount = 1);

struct ChatPrompt {
    std::string system;
    std::string user; // the serialised history, then the instruction
};

// The zero-shot prompt: the sampled items as text (one per line, itemText with options; or their
// profile, or both: data::shownHistoryText), the list of allowed genres and the exact answer
// format ("Liked Genres: A, B. Not Liked Genres: C", with "None" for an empty list).
ChatPrompt zeroShotPrompt(const data::Dataset& ds, const data::User& user, const std::vector<std::size_t>& positions,
                          const data::ItemTextOptions& options = {},
                          data::PromptContent content = data::PromptContent::History);

} // namespace persona::eval
