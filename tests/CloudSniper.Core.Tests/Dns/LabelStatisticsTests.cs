using CloudSniper.Core.Dns;

namespace CloudSniper.Core.Tests.Dns;

public sealed class LabelStatisticsTests
{
    [Theory]
    [InlineData("", 0.0)]
    [InlineData("aaaa", 0.0)]
    [InlineData("aabb", 1.0)]
    [InlineData("abcd", 2.0)]
    [InlineData("ab.cd", 2.0)]
    [InlineData("abcdefgh", 3.0)]
    // g, o twice in six, l, e once: 2 · (1/3 · log2 3) + 2 · (1/6 · log2 6) = 1.918 bits.
    [InlineData("google", 1.918)]
    public void Shannon_entropy_is_in_bits_per_character_without_dots(string text, double bits)
    {
        Assert.Equal(bits, LabelStatistics.ShannonEntropy(text), 3);
    }

    [Fact]
    public void A_generated_label_looks_random_and_a_word_does_not()
    {
        // "xjq7kd9fpl2m": 12 distinct characters (log2 12 = 3.585 bits, entropy part 1), no vowels among 9 letters
        // (1), digits 3/12 = 0.25 (0.833; runs of 3 consonants give 0), 12 characters (0.5):
        // 0.4 + 0.2 + 0.2 · 0.833 + 0.2 · 0.5 = 0.867.
        Assert.Equal(0.867, LabelStatistics.Randomness("xjq7kd9fpl2m"), 3);

        // "google": entropy 1.918 (0), vowels 3/6 (0), no digits, longest consonant run 2 (0), 6 characters (0).
        Assert.Equal(0.0, LabelStatistics.Randomness("google"));
        Assert.Equal(0.0, LabelStatistics.Randomness("ab3de"));
    }

    [Fact]
    public void Consonant_runs_count_letters_other_than_vowels()
    {
        Assert.Equal(7, LabelStatistics.LongestConsonantRun("strngth1a"));
        Assert.Equal(0, LabelStatistics.LongestConsonantRun("aeiou"));
    }
}
