//! Turns a raw page into the story: title, date, byline, ordered blocks, boilerplate out.
