-- The enforcement point that claimed a released held item, so an operator sees where it went.
ALTER TABLE held_items ADD COLUMN delivered_to TEXT NULL;
