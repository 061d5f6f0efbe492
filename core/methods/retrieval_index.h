// Retrieval-augmented sampling's vectors (the survey's retrieval-augmented prompting, seeds/002):
// each item of a dataset embedded by the history encoder's sentence encoder from its title, genres
// and description (never the user's rating), and the task's queries: each genre's description for
// the genre task, none for the next-item task (the user's recent items are the query there).
// Leaves out the choice of items (data::HistorySampler, strategy Retrieval).
#pragma once

#include "core/data/sampling.h"
#include "core/methods/method.h"

#include <memory>
#include <string>

namespace persona::methods {

class HistoryEncoder;

// "Title: Toy Story (1995), Genres: Animation, Children's, Comedy" (data::itemText without rating
// or tags): what an item is compared by.
std::string retrievalItemText(const data::Dataset& ds, std::uint32_t item);
// "Genres: Comedy": a genre's description in the items' own words (MovieLens has no other).
std::string genreQueryText(const std::string& genre);

// Every item and the task's queries through encoder.encodeTexts (its cache first), normalized to
// unit length; an item whose text embeds to zero stays zero. Borrows the encoder for the call.
std::shared_ptr<const data::RetrievalIndex> retrievalIndex(const data::Dataset& ds, HistoryEncoder& encoder,
                                                           TaskKind task);
// The same with the sentence encoder loaded from encoderPath on device for the call (a run, the
// CLI and the GUI all sample through this, so they pick the same items); cacheDir "" = no
// embedding cache. Throws the loaders' IoError / FormatError naming the file.
std::shared_ptr<const data::RetrievalIndex> loadRetrievalIndex(const data::Dataset& ds, const std::string& encoderPath,
                                                               const std::string& device, const std::string& cacheDir,
                                                               TaskKind task);

} // namespace persona::methods
