#define BOOST_TEST_MODULE Directory
#include <boost/test/unit_test.hpp>
