// The project's seeded random generator: SplitMix64, whose output is the same on every platform and
// standard library (unlike std::shuffle and the std distributions), with integer, uniform, normal
// draws, a shuffle and derived child streams. Used by the split, the samplers, the trainer and the
// search. Not for cryptography.
#pragma once

#include <cmath>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace persona {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) without modulo bias; n must be > 0.
    std::uint64_t below(std::uint64_t n)
    {
        const std::uint64_t limit = ~std::uint64_t(0) - (~std::uint64_t(0) % n);
        std::uint64_t v = next();
        while (v >= limit)
            v = next();
        return v % n;
    }
    int belowInt(int n) { return static_cast<int>(below(static_cast<std::uint64_t>(n))); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    // Standard normal by Box-Muller (one value per call; the pair's second half is dropped so that
    // the stream does not depend on call history beyond the count of calls).
    double normal()
    {
        double u1 = uniform();
        while (u1 <= 0.0)
            u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    // Fisher-Yates shuffle.
    template <typename T>
    void shuffle(std::vector<T>& v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[static_cast<std::size_t>(below(i))]);
    }
    // A child stream's seed for a sub-task (restart, trial), independent of how much this one was used.
    std::uint64_t derive(std::uint64_t key) const
    {
        Rng mix(m_state ^ (key * 0xD1B54A32D192ED03ull + 0x8CB92BA72F3D8DD7ull));
        return mix.next();
    }

private:
    std::uint64_t m_state;
};

// A seed derived from a base seed and a key (FNV-1a of the key, mixed), so that per-user streams
// do not depend on which other users are in the dataset.
inline std::uint64_t deriveSeed(std::uint64_t seed, std::string_view key)
{
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (char c : key) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ull;
    }
    Rng mix(seed ^ h);
    return mix.next();
}

} // namespace persona
