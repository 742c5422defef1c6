# This one function runs on Node, with @architect/functions from npm.
@aws
runtime nodejs20.x
