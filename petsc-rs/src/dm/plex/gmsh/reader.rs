//! The reads PETSc's Gmsh reader makes, made the same way on the same bytes: a word
//! (`PetscViewerRead` of a string: leading blanks skipped, one blank after it taken), the
//! rest of a line, and numbers, as text (`fscanf`, which leaves the blank after them) or
//! as raw bytes in the file's byte order. Every read says where it failed.

/// `PETSC_MAX_PATH_LEN`: the buffer PETSc reads a word or a line into.
const LINE: usize = 4096;

/// A blank for PETSc's word reads (`'\0'` too; an ASCII file has none, see [`Reader::new`]).
fn blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0)
}

/// A position in a Gmsh file and how its numbers are read.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    binary: bool,
    big_endian: bool,
    size_bytes: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`, reading numbers as text.
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            pos: 0,
            binary: false,
            big_endian: false,
            size_bytes: 8,
        }
    }

    /// From here on numbers are read as the file says: text, or raw bytes in the byte
    /// order its `$MeshFormat` gave; `size_bytes` is the width of a 4.1 file's sizes.
    /// An ASCII file must not hold a `'\0'`: PETSc's word reads take it for a blank and
    /// its number reads do not.
    pub(super) fn set_mode(
        &mut self,
        binary: bool,
        big_endian: bool,
        size_bytes: usize,
    ) -> Result<(), String> {
        if !binary && self.bytes.contains(&0) {
            return Err("an ASCII Gmsh file holds a NUL byte".to_string());
        }
        self.binary = binary;
        self.big_endian = big_endian;
        self.size_bytes = size_bytes;
        Ok(())
    }

    /// Whether numbers are read as raw bytes.
    pub(super) fn binary(&self) -> bool {
        self.binary
    }

    /// Whether only blanks are left.
    pub(super) fn at_end(&self) -> bool {
        self.bytes[self.pos..].iter().all(|&b| blank(b))
    }

    /// Where the reader is, for an error: a line of a text file, a byte of a binary one.
    pub(super) fn at(&self) -> String {
        if self.binary {
            format!("byte {}", self.pos)
        } else {
            let line = self.bytes[..self.pos.min(self.bytes.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            format!("line {}", line + 1)
        }
    }

    fn ends(&self, what: &str) -> String {
        format!("the file ends where {what} should be")
    }

    /// The next run of non-blanks, past the blanks before it (the blank after it is left).
    fn token(&mut self, what: &str) -> Result<&'a [u8], String> {
        while self.pos < self.bytes.len() && blank(self.bytes[self.pos]) {
            self.pos += 1;
        }
        if self.pos == self.bytes.len() {
            return Err(self.ends(what));
        }
        let start = self.pos;
        while self.pos < self.bytes.len() && !blank(self.bytes[self.pos]) {
            self.pos += 1;
        }
        Ok(&self.bytes[start..self.pos])
    }

    /// PETSc's read of `n` words into one line buffer: each skips blanks, runs to the
    /// next blank and takes it; together they must fit the buffer.
    pub(super) fn words(&mut self, n: usize, what: &str) -> Result<Vec<&'a str>, String> {
        let mut out = Vec::with_capacity(n);
        let mut used = 0;
        for _ in 0..n {
            let word = self.token(what)?;
            self.pos = (self.pos + 1).min(self.bytes.len());
            used += word.len() + 1;
            if used > LINE {
                return Err(format!(
                    "{}: a word of {} bytes where {what} should be (PETSc reads at most {})",
                    self.at(),
                    word.len(),
                    LINE - 1
                ));
            }
            let word = std::str::from_utf8(word).map_err(|_| {
                format!(
                    "{}: bytes that are not text where {what} should be",
                    self.at()
                )
            })?;
            out.push(word);
        }
        Ok(out)
    }

    /// One word (see [`Reader::words`]).
    pub(super) fn word(&mut self, what: &str) -> Result<&'a str, String> {
        Ok(self.words(1, what)?[0])
    }

    /// One word that must be `expected`.
    pub(super) fn expect(&mut self, expected: &str) -> Result<(), String> {
        let w = self.word(expected)?;
        if w != expected {
            return Err(format!(
                "{}: '{}' where {expected} should be",
                self.at(),
                clip(w)
            ));
        }
        Ok(())
    }

    /// PETSc's read of the rest of a line: up to and with the next `'\n'`, at most the
    /// buffer; the text before the `'\n'` (the last byte is lost when the buffer fills).
    pub(super) fn rest_of_line(&mut self) -> &'a [u8] {
        let start = self.pos;
        let end = self.bytes.len().min(start + LINE);
        let line = &self.bytes[start..end];
        match line.iter().position(|&b| b == b'\n') {
            Some(n) => {
                self.pos = start + n + 1;
                &line[..n]
            }
            None if end == self.bytes.len() => {
                self.pos = end;
                line
            }
            None => {
                self.pos = end;
                &line[..LINE - 1]
            }
        }
    }

    /// A number as `fscanf` reads it: blanks skipped, the number, the blank after it
    /// left. A word that is not entirely a number is refused (PETSc would read its start).
    fn text<T: std::str::FromStr>(&mut self, what: &str) -> Result<T, String> {
        let word = String::from_utf8_lossy(self.token(what)?);
        word.parse().map_err(|_| {
            format!(
                "{}: '{}' is not a number of its kind ({what})",
                self.at(),
                clip(&word)
            )
        })
    }

    fn raw<const N: usize>(&mut self, what: &str) -> Result<[u8; N], String> {
        let b = self
            .bytes
            .get(self.pos..self.pos + N)
            .ok_or_else(|| self.ends(what))?;
        self.pos += N;
        let mut a = [0; N];
        a.copy_from_slice(b);
        if self.big_endian != cfg!(target_endian = "big") {
            a.reverse();
        }
        Ok(a)
    }

    /// A C `int` (PETSc's `PETSC_ENUM`).
    pub(super) fn int(&mut self, what: &str) -> Result<i64, String> {
        if self.binary {
            Ok(i32::from_ne_bytes(self.raw(what)?).into())
        } else {
            Ok(self.text::<i32>(what)?.into())
        }
    }

    /// A C `long` (PETSc's `PETSC_LONG`, 8 bytes here).
    pub(super) fn long(&mut self, what: &str) -> Result<i64, String> {
        if self.binary {
            Ok(i64::from_ne_bytes(self.raw(what)?))
        } else {
            self.text::<i64>(what)
        }
    }

    /// A C `double`.
    pub(super) fn double(&mut self, what: &str) -> Result<f64, String> {
        if self.binary {
            Ok(f64::from_ne_bytes(self.raw(what)?))
        } else {
            self.text::<f64>(what)
        }
    }

    /// A format 4.1 size (`size_t` of the file's data size), which PETSc keeps in a
    /// `PetscInt`: refused unless it is at least 0 and below `PetscInt`'s largest.
    pub(super) fn size(&mut self, what: &str) -> Result<i64, String> {
        let v = match (self.binary, self.size_bytes) {
            (true, 4) => i64::from(u32::from_ne_bytes(self.raw(what)?)),
            (true, _) => i64::try_from(u64::from_ne_bytes(self.raw(what)?)).unwrap_or(i64::MAX),
            (false, 4) => i64::from(self.text::<i32>(what)?),
            (false, _) => self.text::<i64>(what)?,
        };
        let max = crate::comm::wide(crate::scalar::Int::MAX) - 1;
        if !(0..=max).contains(&v) {
            return Err(format!(
                "{}: {v} for {what}, which PETSc cannot hold (0 to {max})",
                self.at()
            ));
        }
        Ok(v)
    }

    /// The four raw bytes of the `int` 1 that follows a binary file's format line:
    /// whether the file is big-endian.
    pub(super) fn byte_order(&mut self) -> Result<bool, String> {
        let b: [u8; 4] = self
            .bytes
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.ends("the binary format's integer 1"))?
            .try_into()
            .expect("four bytes");
        self.pos += 4;
        if i32::from_le_bytes(b) == 1 {
            Ok(false)
        } else if i32::from_be_bytes(b) == 1 {
            Ok(true)
        } else {
            Err("the binary $MeshFormat's integer 1 is not 1 in either byte order".to_string())
        }
    }
}

/// A word shortened for an error message.
pub(super) fn clip(w: &str) -> String {
    if w.len() <= 40 {
        w.to_string()
    } else {
        let mut end = 40;
        while !w.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &w[..end])
    }
}
