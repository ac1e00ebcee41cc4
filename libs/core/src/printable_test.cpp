// Tests of the escaping of control characters for terminals and messages,
// and of errors, whose text is one line whatever the data they quote.
#include "supeval/core/printable.hpp"

#include <gtest/gtest.h>

#include "supeval/core/result.hpp"

namespace supeval::core {
namespace {

TEST(Printable, KeepsPrintableText) {
  EXPECT_EQ(Printable("Alpha Stanztechnik GmbH"), "Alpha Stanztechnik GmbH");
  EXPECT_EQ(Printable("Müller & Söhne, Škoda, 日本"), "Müller & Söhne, Škoda, 日本");
  EXPECT_EQ(Printable(R"(C:\data\a.csv)"), R"(C:\data\a.csv)");  // backslashes stay
  EXPECT_EQ(Printable(""), "");
}

TEST(Printable, EscapesControlCharacters) {
  EXPECT_EQ(Printable("A\x1b[2JB"), "A\\x1b[2JB");
  EXPECT_EQ(Printable("one\ntwo\r\n"), "one\\ntwo\\r\\n");
  EXPECT_EQ(Printable("a\tb"), "a\\tb");
  EXPECT_EQ(Printable(std::string_view("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(Printable("bell\a del\x7f"), "bell\\x07 del\\x7f");
}

TEST(Printable, EscapesC1ControlsAndBytesThatAreNotUtf8) {
  EXPECT_EQ(Printable("csi\xc2\x9b"
                      "2J"),
            "csi\\u009b2J");  // U+009B, the one-character CSI
  EXPECT_EQ(Printable("nel\xc2\x85"), "nel\\u0085");
  EXPECT_EQ(Printable("latin1 \xe9t\xe9"), "latin1 \\xe9t\\xe9");  // é in Latin-1
  EXPECT_EQ(Printable("\x9b"
                      "2J"),
            "\\x9b2J");                                                          // a lone 8-bit CSI
  EXPECT_EQ(Printable("cut \xe2\x82"), "cut \\xe2\\x82");                        // a truncated €
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");                       // a surrogate
  EXPECT_EQ(Printable("\xc0\xaf"), "\\xc0\\xaf");                                // overlong '/'
  EXPECT_EQ(Printable("nbsp\xc2\xa0\xe2\x82\xac"), "nbsp\xc2\xa0\xe2\x82\xac");  // U+00A0 and € kept
}

TEST(Printable, EscapingTwiceChangesNothing) {
  const std::string once = Printable("A\x1b[2J\nB\xc2\x9b\xff");
  EXPECT_EQ(Printable(once), once);
}

TEST(Error, TextIsOneLineWhateverTheDataItQuotes) {
  const Error error = BadInput("unknown value 'exe\x1b[2Jmpt\nS2'", {"suppliers.csv", 3, "qz3"});
  EXPECT_EQ(error.ToString(), "suppliers.csv:3: qz3: unknown value 'exe\\x1b[2Jmpt\\nS2'");
  EXPECT_EQ(Internal("driver says\nDETAIL: x").ToString(), "driver says\\nDETAIL: x");
  Error named = BadInput("bad");
  named.location.file = "rules\n.toml";  // set after the error was made
  EXPECT_EQ(named.ToString(), "rules\\n.toml: bad");
}

}  // namespace
}  // namespace supeval::core
