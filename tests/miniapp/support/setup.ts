// The code under test branches on the Taro platform at build time; the tests run the H5 branch.
process.env.TARO_ENV = 'h5'
