CREATE TABLE sc (v text);
INSERT INTO sc VALUES ('foo'
'bar'), ('one;'
  -- a comment between the parts
'two'), (E'esc\t'
'plain');
