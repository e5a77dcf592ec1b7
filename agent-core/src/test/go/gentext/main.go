// Command gentext writes ground-truth files for the Java tests of io.jpprof.text, produced by Go's
// real text/tabwriter and strconv.Quote. Run once (go 1.19):
//
//	cd agent-core/src/test/go/gentext && go run . ../../resources/io/jpprof/text
//
// Outputs (committed, so the Java tests never need go):
//
//	tabwriter/<case>.in   raw input written to tabwriter.NewWriter(w, 1, 8, 1, '\t', 0)
//	tabwriter/<case>.out  what Go wrote after Flush
//	quote.txt             one line per case: <hex of UTF-8 input> TAB <strconv.Quote(input)>
//	labels.txt            runtime/pprof's labelMap.String() for label maps, one per line:
//	                      <hex of k1> <hex of v1> <hex of k2> <hex of v2>... TAB <String()>
package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
)

type twCase struct {
	name  string
	input string
}

func fn(n int) string { // a function-name cell of exactly n runes
	return strings.Repeat("f", n)
}

var twCases = []twCase{
	{"widths_22_44", "#\t0x100010\t" + fn(22) + "\tA.java:1\n#\t0x100020\t" + fn(44) + "\tB.java:2\n"},
	{"single_cell_line", "just text\n"},
	{"empty", ""},
	{"blank_lines", "\n\n\n"},
	{"widths_1_to_17", func() string {
		var b strings.Builder
		for i := 0; i <= 17; i++ {
			fmt.Fprintf(&b, "%s\tx\n", fn(i))
		}
		return b.String()
	}()},
	{"exact_multiples", "1234567\tx\n12345678\ty\n123456789012345\tz\n1234567890123456\tw\n"},
	{"blocks_split", "a\tb\tc\n" + fn(30) + "\tb\tc\nrecord line without tabs\nshort\tq\nlonger cell here\tq\n\nx\ty\n"},
	{"multi_columns", "a\tbb\tccc\tdddd\n" + fn(9) + "\t" + fn(17) + "\t" + fn(3) + "\tend\n" + "x\ty\n" + "1\t2\t3\t4\t5\n"},
	{"ragged_columns", "a\tb\tc\td\n" + "aa\tbb\n" + "aaa\tbbb\tccc\tddd\n" + "a\n" + "p\tq\tr\n"},
	{"empty_cells", "\t\tx\n\tyy\t\n\t\t\n" + fn(12) + "\t\t\tz\n"},
	{"unicode_cells", "é\tx\n日本語\ty\n" + strings.Repeat("日", 8) + "\tz\n" + "😀😀\tw\n" + "naïve café\tv\n"},
	{"trailing_no_newline", "abc\tdef\n" + fn(11) + "\tghi\nlast\tline without newline"},
	{"trailing_single_cell_no_newline", "a\tb\nno newline"},
	{"count_profile", "goroutine profile: total 7\n" +
		"5 @ 0x100011 0x100021 0x100031\n" +
		"# labels: {\"k\":\"v\"}\n" +
		"#\t0x100010\tcom.example.Foo.bar+0x0\tcom/example/Foo.java:10\n" +
		"#\t0x100020\tcom.example.Main.aVeryLongMethodNameThatIsLong+0x0\tcom/example/Main.java:20\n" +
		"#\t0x100030\tjava.lang.Thread.run+0x0\tjava/lang/Thread.java:833\n" +
		"\n" +
		"2 @\n" +
		"#\t0x0\n" +
		"\n"},
	{"heap_like", "heap profile: 1: 2 [3: 4] @ heap/1048576\n" +
		"1: 2 [3: 4] @ 0x100011\n" +
		"#\t0x100010\tx.y+0x0\tx/y.java:1\n\n"},
}

func runTabwriter(in string) []byte {
	var out bytes.Buffer
	w := tabwriter.NewWriter(&out, 1, 8, 1, '\t', 0)
	if _, err := w.Write([]byte(in)); err != nil {
		panic(err)
	}
	if err := w.Flush(); err != nil {
		panic(err)
	}
	return out.Bytes()
}

var quoteCases = []string{
	"",
	"plain ascii",
	`say "hi"`,
	`back\slash`,
	"tab\there",
	"new\nline",
	"cr\rlf\n",
	"\a\b\f\v",
	"\x00\x01\x1f\x7f",
	"\x1b[31m",
	"é",
	"日本",
	"naïve café",
	"\u200b",
	"\u00ad",
	"\u00a0",
	"\u2028\u2029",
	"\u3000",
	"\ufeff",
	"\ue000",
	"\U0010fffd",
	"\u0378",
	"😀",
	"👍🏽",
	"👨‍👩‍👧",
	"a\u0301",
	"∑ ≤ ∞",
	"\ufffd",
	"k=v, x:y {}",
	"'single'",
	"`back`",
	"~!@#$%^&*()_+",
	"Ωmega",
	"\u0600",
	"\U0001f1fa\U0001f1f8",
	"\U000e0001",
}

func labelString(kv []string) string {
	// runtime/pprof's labelMap.String (Go 1.19).
	keyVals := make([]string, 0, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		keyVals = append(keyVals, fmt.Sprintf("%q:%q", kv[i], kv[i+1]))
	}
	sort.Strings(keyVals)
	return "{" + strings.Join(keyVals, ", ") + "}"
}

var labelCases = [][]string{
	{"k", "v"},
	{"k1", "v1", "k2", "v2"},
	{"b", "2", "a", "1", "a2", "0"},
	{"quote\"", "tab\t", "nl", "a\nb"},
	{"é", "日本", "e", "x"},
	{"Ａ", "v", "😀", "v"},
	{"\uffff", "x", "\U00010000", "y"},
	{"z", "", "a", ""},
}

func main() {
	dir := os.Args[1]
	must(os.MkdirAll(filepath.Join(dir, "tabwriter"), 0o755))
	for _, c := range twCases {
		must(os.WriteFile(filepath.Join(dir, "tabwriter", c.name+".in"), []byte(c.input), 0o644))
		must(os.WriteFile(filepath.Join(dir, "tabwriter", c.name+".out"), runTabwriter(c.input), 0o644))
	}
	var q bytes.Buffer
	for _, s := range quoteCases {
		fmt.Fprintf(&q, "%s\t%s\n", hex.EncodeToString([]byte(s)), strconvQuote(s))
	}
	must(os.WriteFile(filepath.Join(dir, "quote.txt"), q.Bytes(), 0o644))
	var l bytes.Buffer
	for _, kv := range labelCases {
		hexes := make([]string, len(kv))
		for i, s := range kv {
			hexes[i] = hex.EncodeToString([]byte(s))
			if hexes[i] == "" {
				hexes[i] = "-"
			}
		}
		fmt.Fprintf(&l, "%s\t%s\n", strings.Join(hexes, " "), labelString(kv))
	}
	must(os.WriteFile(filepath.Join(dir, "labels.txt"), l.Bytes(), 0o644))
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
