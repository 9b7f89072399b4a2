-- Issue 31: the headline is a row. An article submitted since has its
-- headline as its first row (the Korean headline, when given, as Korean
-- paragraph 0), and its title is that row's current English, kept here
-- as a projection of the trail. Articles from before keep 0: their title
-- was never reviewed.
ALTER TABLE articles ADD COLUMN headline INTEGER NOT NULL DEFAULT 0;
